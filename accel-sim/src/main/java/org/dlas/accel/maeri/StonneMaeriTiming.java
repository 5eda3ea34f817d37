package org.dlas.accel.maeri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Cycle-level timing of MAERI as STONNE's dense memory controller drives it (MAERI_DENSE_WORKLOAD).
 *
 * <p>The mechanisms modelled, per cycle:
 * <ul>
 * <li>The controller produces one loop iteration per cycle (outer to inner: images, groups, filter
 * tiles; per filter tile first the weights of each C/R/S tile, then the inputs of each output
 * tile X', Y' and C/R/S tile) and puts each value into the FIFO of every read port whose block of
 * {@code num_ms / dn_bw} multipliers it reaches (a multicast costs one packet per port).</li>
 * <li>A filter tile's packets wait until every output of the previous filter tiles has been
 * written (STONNE's iteration check, both when producing and when sending).</li>
 * <li>Each read port sends one packet per cycle, partial sums first.</li>
 * <li>Each multiplier takes one input per cycle in order; a virtual neuron (VN) is reduced when
 * all its multipliers have fired, {@code ceil(log2(VN size))} adder levels later, in order.</li>
 * <li>Without an accumulation buffer and with more than one reduction fold, each VN has one extra
 * multiplier that injects the previous fold's partial sum (a zero on the first fold) and the
 * memory feeds every partial sum back through the VN's read port as soon as it arrives; it reaches
 * that multiplier like an input and then takes its own path through the reduction tree as STONNE's
 * ART compiler configures it for the VN (a level a cycle, one more for a forwarding-link hop), which
 * depends on where the VN sits: from 2 to 4 cycles for VNs of 5 on 128 multipliers.</li>
 * <li>Results reach memory over {@code rn_bw} collection-bus lines, one result per line and cycle,
 * each VN on the line of the adder the ART compiler sends it from ({@code busLine}); results arriving
 * in the same cycle enter the memory's write FIFO in bus-line order;
 * an accumulation buffer adds a cycle and forwards only the last fold. The memory then writes
 * half of the results queued (rounded up) per cycle: STONNE's write loop compares its index with
 * the FIFO's size while popping from it, a quirk kept here because it sets STONNE's cycles.</li>
 * </ul>
 * Values play no part (STONNE sends zero padding like data), so only the shapes are simulated.
 */
public final class StonneMaeriTiming {
    /**
     * Input steps a VN may have in flight. STONNE's FIFOs are unbounded and its controller runs
     * ahead one step per cycle; holding it back once a VN lags this many steps behind only delays
     * packets that could not be reduced earlier anyway, and bounds the model's memory.
     */
    static final int RING = 512;

    private final int numMs, dnBw, rnBw;
    private final boolean accumulationBuffer;

    public StonneMaeriTiming(int numMs, int dnBw, int rnBw, boolean accumulationBuffer) {
        if (numMs < 2 || Integer.bitCount(numMs) != 1) throw new IllegalArgumentException("num_ms must be a power of two >= 2, got " + numMs);
        if (dnBw < 1 || dnBw > numMs) throw new IllegalArgumentException("dn_bw must be in [1, num_ms=" + numMs + "], got " + dnBw);
        if (rnBw < 1 || rnBw > numMs) throw new IllegalArgumentException("rn_bw must be in [1, num_ms=" + numMs + "], got " + rnBw);
        this.numMs = numMs;
        this.dnBw = ceilDiv(numMs, ceilDiv(numMs, dnBw)); // STONNE's dn_bw divides num_ms; otherwise the last port's block is short
        this.rnBw = rnBw;
        this.accumulationBuffer = accumulationBuffer;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    /** One packet in a read port's FIFO: the step it belongs to and the multipliers of this port it feeds. */
    private record Packet(int gate, int step, int[] leaves, boolean psum) { }

    /** A packet before it is tied to a step: its port and multipliers. */
    private record Template(int port, int[] leaves) { }

    /** Cycles STONNE runs for the layer and tile, or an error when the tile does not fit. */
    public long cycles(StonneMaeriLayer l) {
        return new Run(l, false).run();
    }

    /**
     * Closed-form estimate of {@link #cycles}: per filter tile (one per image, group and K tile, each
     * waiting for the previous one's outputs), the slowest of the controller (one iteration per cycle:
     * the C/R/S weight tiles, then every input step), the busiest read port (its weight and input packets,
     * multicasts counted once per port as above) and the busiest collection-bus line (its VNs' results),
     * plus the latency of the last step through a port, the adder tree, the bus and the write FIFO.
     * Without an accumulation buffer each fold after the first waits for the previous fold's partial
     * sum: per output, one round trip (port, adder tree, bus) per extra fold. Cost: one pass over a tile's packets, no simulation.
     */
    public long estimate(StonneMaeriLayer l) {
        Run r = new Run(l, true);
        long[] port = new long[dnBw];
        int outputs = r.iterX * r.iterY, inputSteps = outputs * r.folds;
        for (Template t : r.weightPackets) port[t.port()] += r.folds;
        for (Template t : r.firstInputs) port[t.port()] += (long) r.iterX * r.folds;
        for (Template t : r.slidInputs) port[t.port()] += (long) r.iterX * (r.iterY - 1) * r.folds;
        long busiestPort = Arrays.stream(port).max().getAsLong();
        int[] line = new int[rnBw];
        for (int v = 0; v < r.vns; v++) line[r.busLine[v]]++;
        long resultsPerVn = r.folding ? inputSteps : outputs;
        long busiestLine = Arrays.stream(line).max().getAsInt() * resultsPerVn;
        long latency = r.dIn + r.depth + r.busDelay + 1;
        long tile = Math.max(r.folds + (long) inputSteps, Math.max(busiestPort, busiestLine)) + latency;
        if (r.folding) tile = Math.max(tile, outputs * ((r.folds - 1L) * (r.dIn + r.depth + r.busDelay) + 1) + latency);
        return (long) r.iterN * r.iterG * r.iterK * tile;
    }

    /**
     * The collection-bus line of the adder that completes the VN on multipliers [first, last].
     * The ART has log2(num_ms) adder levels (level 0 the root); a VN completes at the lowest
     * level where it lies under one adder, or under two neighbours with different parents
     * joined by their forwarding link (an odd index and the next one). Lines are dealt out as
     * STONNE wires them: the forwarding pairs of every level (root to leaves, left to right) take
     * lines 0, 1, ... in turn, one per pair; the adders without a link (the root, then the first
     * and last of each level) take the following ones, modulo rn_bw.
     */
    public static int busLine(int numMs, int rnBw, int first, int last) {
        int levels = Integer.numberOfTrailingZeros(numMs);
        for (int lv = levels - 1; lv >= 0; lv--) {
            int a = first >> (levels - lv), b = last >> (levels - lv);
            if (a != b && !(b == a + 1 && a % 2 == 1)) continue;
            int lastAdder = (1 << lv) - 1;
            int right = a != b ? b : a % 2 == 1 && a < lastAdder ? a + 1 : a % 2 == 0 && a > 0 ? a : -1;
            if (right > 0) { // a forwarding pair: its index among all pairs, root to leaves
                long pairsAbove = 0;
                for (int i = 1; i < lv; i++) pairsAbove += (1L << (i - 1)) - 1;
                return (int) ((pairsAbove + (right - 2) / 2) % rnBw);
            }
            long doubles = 0;
            for (int i = 1; i < levels; i++) doubles += (1L << i) - 2;
            long single = lv == 0 ? 0 : 1 + 2L * (lv - 1) + (a == 0 ? 0 : 1);
            return (int) ((single + doubles) % rnBw);
        }
        throw new IllegalStateException("VN [" + first + ", " + last + "] outside the ART");
    }

    private final class Run {
        final StonneMaeriLayer l;
        final int folds, vnSize, vns, shift, msPerPort, depth, dIn, busDelay;
        final boolean folding;
        final int iterN, iterG, iterK, iterX, iterY, steps, ring;
        final long total, perChannel;
        final List<Template> weightPackets, firstInputs, slidInputs;
        final int[] lastFire;
        final int[] remaining, leafMax, psumFire;
        final int[] nextStep, lastResult, lineFree, busLine, psumDepth;
        final ArrayDeque<Packet>[] inputFifo, psumFifo;
        /** Results on their way to memory {arrival cycle, VN, step}; same-cycle arrivals enter the write FIFO in bus-line order, as STONNE's memory reads its write ports. */
        final PriorityQueue<long[]> toMemory = new PriorityQueue<>(this::memoryOrder);
        final ArrayDeque<long[]> writeFifo = new ArrayDeque<>();
        long received;

        @SuppressWarnings("unchecked")
        /** @param shapeOnly only the packet templates and bus lines (for {@link #estimate}), no simulation state */
        Run(StonneMaeriLayer l, boolean shapeOnly) {
            this.l = l;
            folds = l.folds();
            folding = folds > 1 && !accumulationBuffer;
            shift = folding ? 1 : 0;
            vnSize = l.tR() * l.tS() * l.tC() + shift;
            vns = l.vns();
            if ((long) vns * vnSize > numMs) {
                throw new IllegalArgumentException("tile needs " + vns + " VNs of " + vnSize + " multipliers" + (folding ? " (one for the folded partial sum)" : "")
                        + ", more than num_ms=" + numMs);
            }
            msPerPort = ceilDiv(numMs, dnBw);
            depth = Math.max(1, 32 - Integer.numberOfLeadingZeros(vnSize - 1));
            dIn = msPerPort > 1 ? 2 : 1;
            busDelay = accumulationBuffer ? 2 : 1;
            iterN = StonneMaeriLayer.iter(l.n(), l.tN());
            iterG = StonneMaeriLayer.iter(l.g(), l.tG());
            iterK = StonneMaeriLayer.iter(l.k(), l.tK());
            iterX = StonneMaeriLayer.iter(l.outX(), l.tX());
            iterY = StonneMaeriLayer.iter(l.outY(), l.tY());
            steps = iterN * iterG * iterK * iterX * iterY * folds;
            total = (long) steps / (folding ? 1 : folds) * vns;
            perChannel = (long) l.outX() * l.outY() * (folding ? folds : 1);
            weightPackets = weightTemplates();
            firstInputs = inputTemplates(false);
            boolean slides = l.tY() == 1 && l.tS() > 1 && l.stride() == 1 && l.s() % l.tS() == 0;
            slidInputs = slides ? inputTemplates(true) : firstInputs;
            lastFire = new int[shapeOnly ? 0 : numMs];
            ring = shapeOnly ? 0 : Math.min(steps, RING);
            remaining = new int[vns * ring];
            leafMax = new int[vns * ring];
            psumFire = new int[vns * ring];
            Arrays.fill(psumFire, -1);
            nextStep = new int[vns];
            lastResult = new int[vns];
            lineFree = new int[rnBw];
            busLine = new int[vns];
            psumDepth = new int[vns];
            for (int v = 0; v < vns; v++) { // the line of the adder STONNE's ART compiler sends the VN's result from
                int[] adder = org.dlas.accel.sigma.StonneSigmaTiming.memoryAdder(numMs, v * vnSize, vnSize);
                int span = numMs >> adder[0];
                busLine[v] = busLine(numMs, rnBw, adder[1] * span, adder[1] * span + span - 1);
                // the folded partial sum enters at the VN's first multiplier and takes that leaf's own path to the adder
                psumDepth[v] = org.dlas.accel.sigma.StonneSigmaTiming.memoryAdder(numMs, v * vnSize, vnSize, v * vnSize, 1)[2];
            }
            inputFifo = new ArrayDeque[dnBw];
            psumFifo = new ArrayDeque[dnBw];
            for (int p = 0; p < (shapeOnly ? 0 : dnBw); p++) {
                inputFifo[p] = new ArrayDeque<>();
                psumFifo[p] = new ArrayDeque<>();
            }
        }

        int memoryOrder(long[] a, long[] b) {
            if (a[0] != b[0]) return Long.compare(a[0], b[0]);
            int byLine = Integer.compare(busLine[(int) a[1]], busLine[(int) b[1]]);
            return byLine != 0 ? byLine : Long.compare(a[2], b[2]);
        }

        /** A VN step's operand counters, in a ring: at most {@link #RING} steps of a VN are in flight. */
        int slot(int v, int step) { return v * ring + step % ring; }

        /** Whether the oldest unreduced step leaves room in the ring for one more. */
        boolean roomFor(int step) {
            if (step < ring) return true;
            for (int v = 0; v < vns; v++) if (step - nextStep[v] >= ring) return false;
            return true;
        }

        int vn(int n, int g, int k, int x, int y) {
            return (((n * l.tG() + g) * l.tK() + k) * l.tX() + x) * l.tY() + y;
        }

        /** Splits one value's multipliers by read port: one packet per port reached. */
        void addByPort(List<Template> out, List<Integer> ms) {
            Map<Integer, List<Integer>> byPort = new LinkedHashMap<>();
            for (int m : ms) byPort.computeIfAbsent(m / msPerPort, p -> new ArrayList<>()).add(m);
            for (var e : byPort.entrySet()) out.add(new Template(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        }

        /** The packets of one C/R/S weight tile: every weight multicast to its copies in each image, X' and Y' of the tile. */
        List<Template> weightTemplates() {
            List<Template> out = new ArrayList<>();
            for (int g = 0; g < l.tG(); g++)
                for (int k = 0; k < l.tK(); k++)
                    for (int tap = 0; tap < vnSize - shift; tap++) {
                        List<Integer> ms = new ArrayList<>();
                        for (int n = 0; n < l.tN(); n++)
                            for (int x = 0; x < l.tX(); x++)
                                for (int y = 0; y < l.tY(); y++) ms.add(vn(n, g, k, x, y) * vnSize + shift + tap);
                        addByPort(out, ms);
                    }
            return out;
        }

        /**
         * The packets of one input step: each element of the tile's input window, per image, group
         * and channel, multicast to every multiplier that uses it. When the forwarding links slide the
         * window (not the first output column), only the new last column is sent.
         */
        List<Template> inputTemplates(boolean slid) {
            int st = l.stride();
            int yInputs = l.tS() + (l.tY() - 1) * st, xInputs = l.tR() + (l.tX() - 1) * st;
            List<Template> out = new ArrayList<>();
            for (int xi = 0; xi < xInputs; xi++)
                for (int yi = slid ? yInputs - 1 : 0; yi < yInputs; yi++)
                    for (int n = 0; n < l.tN(); n++)
                        for (int g = 0; g < l.tG(); g++)
                            for (int c = 0; c < l.tC(); c++) {
                                List<Integer> ms = new ArrayList<>();
                                for (int k = 0; k < l.tK(); k++)
                                    for (int i = 0; i < l.tX(); i++) {
                                        int dx = xi - i * st;
                                        if (dx < 0 || dx >= l.tR()) continue;
                                        for (int j = 0; j < l.tY(); j++) {
                                            int dy = yi - j * st;
                                            if (dy < 0 || dy >= l.tS()) continue;
                                            ms.add(vn(n, g, k, i, j) * vnSize + shift + (c * l.tR() + dx) * l.tS() + dy);
                                        }
                                    }
                                if (!ms.isEmpty()) addByPort(out, ms);
                            }
            return out;
        }

        long run() {
            int n = 0, g = 0, k = 0, wTile = 0, x = 0, y = 0, fold = 0, step = 0;
            boolean weightsDone = false, genDone = false;
            for (int cycle = 1; ; cycle++) {
                boolean active = false;
                // 1. the controller produces one iteration, once the previous filter tiles are written
                if (!genDone) {
                    int gate = g * l.tG() * l.k() + k * l.tK() * l.tG();
                    if (gate <= received / perChannel) {
                        active = true;
                        if (!weightsDone) {
                            for (Template t : weightPackets) inputFifo[t.port()].add(new Packet(gate, -1, t.leaves(), false));
                            if (++wTile == folds) {
                                wTile = 0;
                                weightsDone = true;
                            }
                        } else if (!roomFor(step)) {
                            active = false;
                        } else {
                            for (Template t : (y > 0 ? slidInputs : firstInputs)) {
                                inputFifo[t.port()].add(new Packet(gate, step, t.leaves(), false));
                                for (int m : t.leaves()) remaining[slot(m / vnSize, step)]++;
                            }
                            step++;
                            if (++fold == folds) {
                                fold = 0;
                                if (++y == iterY) {
                                    y = 0;
                                    if (++x == iterX) {
                                        x = 0;
                                        weightsDone = false;
                                        if (++k == iterK) {
                                            k = 0;
                                            if (++g == iterG) {
                                                g = 0;
                                                if (++n == iterN) genDone = true;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                // 2. results arriving at memory; partial sums of unfinished folds go back out
                while (!toMemory.isEmpty() && toMemory.peek()[0] <= cycle) writeFifo.add(toMemory.poll());
                for (int left = (writeFifo.size() + 1) / 2; left > 0; left--) { // STONNE's write loop reaches only half its FIFO
                    long[] r = writeFifo.poll();
                    int v = (int) r[1], s = (int) r[2];
                    received++;
                    active = true; // the iteration check may pass now
                    if (folding && (s + 1) % folds != 0) psumFifo[v * vnSize / msPerPort].add(new Packet(0, s + 1, new int[] {v * vnSize}, true));
                    if (received == total) return cycle;
                }
                // 3. each read port sends one packet, partial sums first
                long current = received / perChannel;
                for (int p = 0; p < dnBw; p++) {
                    Packet pk = psumFifo[p].poll();
                    if (pk == null) {
                        Packet head = inputFifo[p].peek();
                        if (head == null || head.gate() > current) continue;
                        pk = inputFifo[p].poll();
                    }
                    deliver(pk, cycle);
                    active = true;
                }
                if (!active && writeFifo.isEmpty()) { // nothing moves until the next result reaches memory
                    if (toMemory.isEmpty()) throw new IllegalStateException("MAERI timing stalled at cycle " + cycle + " with " + received + " of " + total + " results on " + l + " (step " + step + " of " + steps + ", gate " + (g * l.tG() * l.k() + k * l.tK() * l.tG()) + ")");
                    cycle = Math.max(cycle, (int) toMemory.peek()[0] - 1);
                }
            }
        }

        void deliver(Packet pk, int cycle) {
            if (pk.step() < 0) return; // a weight: it only occupies the port
            if (pk.psum()) {
                int v = pk.leaves()[0] / vnSize;
                psumFire[slot(v, pk.step())] = Math.max(cycle + dIn, lastFire[pk.leaves()[0]] + 1);
                lastFire[pk.leaves()[0]] = psumFire[slot(v, pk.step())];
                complete(v);
                return;
            }
            int arrive = cycle + dIn;
            for (int m : pk.leaves()) {
                int fire = Math.max(arrive, lastFire[m] + 1);
                lastFire[m] = fire;
                int v = m / vnSize, i = slot(v, pk.step());
                leafMax[i] = Math.max(leafMax[i], fire);
                if (--remaining[i] == 0) complete(v);
            }
        }

        /** Reduces the VN's steps that have all their operands, in order. */
        void complete(int v) {
            while (nextStep[v] < steps) {
                int s = nextStep[v], i = slot(v, s);
                if (remaining[i] != 0 || leafMax[i] == 0) return;
                int ready = leafMax[i] + depth;
                if (folding) {
                    int psumMs = v * vnSize;
                    if (s % folds == 0) { // the first fold adds a zero, after the previous partial sum went through
                        lastFire[psumMs] = lastFire[psumMs] + 1;
                        ready = Math.max(ready, lastFire[psumMs] + psumDepth[v]);
                    } else {
                        if (psumFire[i] < 0) return;
                        ready = Math.max(ready, psumFire[i] + psumDepth[v]);
                    }
                }
                remaining[i] = 0;
                leafMax[i] = 0;
                psumFire[i] = -1;
                int result = Math.max(ready, lastResult[v] + 1);
                lastResult[v] = result;
                nextStep[v]++;
                if (accumulationBuffer && (s + 1) % folds != 0) continue; // kept in the accumulation buffer
                int line = busLine[v];
                int arrive = Math.max(result + busDelay, lineFree[line]);
                lineFree[line] = arrive + 1;
                toMemory.add(new long[] {arrive, v, s});
            }
        }
    }
}
