package org.dlas.accel;

import java.util.Arrays;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The cycle-by-cycle timing of a flexible accelerator's pipeline, shared by MAERI and SIGMA:
 * a distribution network (DN) that injects up to {@code dnBw} elements per cycle from the global
 * buffer and delivers them {@code dnLatency} cycles later (tree levels or Benes stages), a row of
 * multipliers that fires one <em>step</em> per cycle at most once all of its operands have arrived,
 * a reduction network (RN) whose results are ready {@code 1 + rnLatency} cycles after the fire, and
 * an output port that writes up to {@code rnBw} results per cycle to the buffer.
 *
 * <p>The functional models feed it the jobs in order: {@link #weights} (load new stationary
 * operands into the multipliers) and {@link #step} (one wave of multiplications: how many distinct
 * elements the DN must deliver for it after multicast and forwarding, how many results it sends to
 * the buffer, how many multipliers do useful work). Rules, per cycle:
 * <ol>
 *   <li>the output port writes up to rnBw results that are ready, oldest first;</li>
 *   <li>the multipliers fire the next step if its operands have arrived and the output queue has
 *       room for its results (back-pressure: results that have left the RN but not yet been written
 *       plus the step's own at most {@code outCapacity}; results inside the RN's pipeline registers
 *       do not count); a weight job completes (latches) when its last weight arrives;</li>
 *   <li>the DN injects up to dnBw elements, in job order, at most {@code 1 + dnLatency} steps ahead
 *       of the multipliers (the tree's pipeline registers plus one operand register); a weight job
 *       may only start once every earlier step has fired, because it overwrites the stationary
 *       operands (the pipeline drains at each new weight tile).</li>
 * </ol>
 * Steps that need no delivery (every operand forwarded) still take their cycle. The run ends
 * when the last result is written. Idle stretches are skipped to the next event (arrival or
 * result), which does not change the count.
 */
public final class PipelineTiming {
    private static final byte WEIGHTS = 0, STEP = 1;

    private final int dnBw, rnBw, dnLatency, rnLatency, outCapacity;
    private byte[] kind = new byte[64];
    private int[] count = new int[64];
    private int[] outputs = new int[64];
    private int[] busy = new int[64];
    private int jobs;

    public PipelineTiming(int dnBw, int rnBw, int dnLatency, int rnLatency, int outCapacity) {
        if (dnBw < 1 || rnBw < 1 || dnLatency < 0 || rnLatency < 0 || outCapacity < 1) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "bad pipeline: dn_bw=" + dnBw + " rn_bw=" + rnBw + " latencies " + dnLatency + "/" + rnLatency);
        }
        this.dnBw = dnBw;
        this.rnBw = rnBw;
        this.dnLatency = dnLatency;
        this.rnLatency = rnLatency;
        this.outCapacity = outCapacity;
    }

    /** Load {@code elements} distinct stationary operands (weights) into the multipliers. */
    public void weights(int elements) { add(WEIGHTS, elements, 0, 0); }

    /** One wave of multiplications: {@code deliveries} DN elements, {@code results} outputs, {@code busyMultipliers}. */
    public void step(int deliveries, int results, int busyMultipliers) {
        if (results > outCapacity) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "a step of " + results + " results exceeds the RN capacity " + outCapacity);
        add(STEP, deliveries, results, busyMultipliers);
    }

    private void add(byte k, int c, int o, int b) {
        if (jobs == kind.length) {
            int n = jobs * 2;
            kind = Arrays.copyOf(kind, n);
            count = Arrays.copyOf(count, n);
            outputs = Arrays.copyOf(outputs, n);
            busy = Arrays.copyOf(busy, n);
        }
        kind[jobs] = k;
        count[jobs] = c;
        outputs[jobs] = o;
        busy[jobs] = b;
        jobs++;
    }

    /**
     * @param cycles          total cycles until the last result is written
     * @param busy            multiplier-cycles doing useful work
     * @param steadyCycles    cycles from the first to the last fire of each weight tile, summed
     *                        (the streaming phase, without weight loads and pipeline fill/drain)
     * @param steadyBusy      busy multiplier-cycles within those
     * @param steps           steps fired
     * @param deliveries      input elements the DN delivered
     * @param weightDeliveries stationary elements the DN delivered
     * @param results         results written by the output port
     */
    public record Result(long cycles, long busy, long steadyCycles, long steadyBusy, long steps, long deliveries,
                         long weightDeliveries, long results) { }

    /** Runs the pipeline cycle by cycle over the jobs added so far. */
    public Result run() {
        long[] arrive = new long[jobs];
        Arrays.fill(arrive, Long.MAX_VALUE);
        long[] ready = new long[jobs];
        int[] left = new int[jobs];
        long t = 0, pending = 0, waiting = 0, busySum = 0, steadyCycles = 0, steadyBusy = 0, tileBusy = 0;
        long tileFirst = -1, tileLast = -1, steps = 0, deliveries = 0, weightDeliveries = 0, results = 0;
        int inj = 0, injDone = 0, fire = 0, drain = 0, readyPtr = 0;
        while (fire < jobs || pending > 0) {
            boolean progress = false;
            // 1. output port: results that left the RN queue up; write up to rnBw of them
            while (readyPtr < fire && ready[readyPtr] <= t) waiting += left[readyPtr++];
            int port = rnBw;
            while (drain < fire && port > 0) {
                if (left[drain] == 0) { drain++; continue; }
                if (ready[drain] > t) break;
                int take = Math.min(port, left[drain]);
                left[drain] -= take;
                port -= take;
                pending -= take;
                waiting -= take;
                results += take;
                progress = true;
                if (left[drain] == 0) drain++;
            }
            // 2. multipliers
            if (fire < jobs && arrive[fire] <= t) {
                if (kind[fire] == WEIGHTS) {
                    if (tileFirst >= 0) { steadyCycles += tileLast - tileFirst + 1; steadyBusy += tileBusy; }
                    tileFirst = -1;
                    tileBusy = 0;
                    fire++;
                    progress = true;
                } else if (waiting + outputs[fire] <= outCapacity) {
                    ready[fire] = t + 1 + rnLatency;
                    left[fire] = outputs[fire];
                    pending += outputs[fire];
                    busySum += busy[fire];
                    tileBusy += busy[fire];
                    if (tileFirst < 0) tileFirst = t;
                    tileLast = t;
                    steps++;
                    fire++;
                    progress = true;
                }
            }
            // 3. distribution network
            int budget = dnBw;
            while (inj < jobs && inj <= fire + 1 + dnLatency) {
                if (kind[inj] == WEIGHTS && inj != fire) break;
                int need = count[inj] - injDone;
                if (need > 0) {
                    if (budget == 0) break;
                    int take = Math.min(budget, need);
                    injDone += take;
                    budget -= take;
                    progress = true;
                    if (kind[inj] == WEIGHTS) weightDeliveries += take; else deliveries += take;
                    if (injDone < count[inj]) break;
                    arrive[inj] = t + dnLatency;
                } else {
                    arrive[inj] = t; // every operand forwarded or already held: nothing to deliver
                    progress = true;
                }
                inj++;
                injDone = 0;
            }
            if (progress) {
                t++;
            } else {
                long next = Long.MAX_VALUE;
                if (fire < jobs && arrive[fire] != Long.MAX_VALUE) next = arrive[fire];
                if (pending > 0 && drain < fire) next = Math.min(next, ready[drain]);
                if (next == Long.MAX_VALUE) throw new IllegalStateException("pipeline deadlock at cycle " + t);
                t = Math.max(t + 1, next);
            }
        }
        if (tileFirst >= 0) { steadyCycles += tileLast - tileFirst + 1; steadyBusy += tileBusy; }
        return new Result(t, busySum, steadyCycles, steadyBusy, steps, deliveries, weightDeliveries, results);
    }
}
