package org.dlas.ort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlas.data.Dataset;
import org.dlas.ir.Node;
import org.dlas.ir.Graph;
import org.dlas.onnx.ModelProto;

/**
 * Localise, repair, re-check (the loop of FetaFix, here on dlas's own export): take the first
 * faulty node; try each candidate repair that applies to it, re-running the whole check after
 * each; keep the candidate that lowers that node's deviation most; repeat. A faulty node without
 * candidates after an already repaired one is taken to inherit its deviation and is passed over;
 * a faulty node without candidates before any repair ends the loop as unrepairable.
 */
public final class ConversionRepair {

    /** One candidate tried on one node, with its measured effect. */
    public record Attempt(String node, String repair, double relativeBefore, double relativeAfter,
                          int labelsDifferingBefore, int labelsDifferingAfter, boolean kept) { }

    /** Before and after, every attempt, the repaired model, and why the loop stopped. */
    public record Outcome(ConversionCheck.Report before, ConversionCheck.Report after, List<Attempt> attempts,
                          ModelProto repaired, String stopReason) {
        public boolean exact() { return after.firstFault().isEmpty(); }
    }

    static final List<LayerRepair> CANDIDATES = List.of(new QdqRewrite(), new IntegerRewrite());

    private ConversionRepair() { }

    public static Outcome run(Graph source, ModelProto converted, Dataset images, ConversionCheck.Settings settings, int maxRepairs)
            throws Exception {
        ConversionCheck.Report first = ConversionCheck.check(source, converted, images, settings), current = first;
        ModelProto model = converted;
        List<Attempt> attempts = new ArrayList<>();
        Set<String> handled = new HashSet<>();
        String stop = null;
        while (stop == null) {
            NodeDeviation target = null;
            boolean inherited = false;
            for (NodeDeviation n : current.nodes()) {
                if (!n.exceeds(settings.tolerance())) continue;
                if (handled.contains(n.node())) {
                    inherited = true;
                } else if (candidatesFor(source.node(n.node())).isEmpty()) {
                    if (!inherited) {
                        stop = "no repair candidate for " + n.op() + " node " + n.node() + " (candidates exist for int8 conv/dense layers)";
                        break;
                    }
                } else {
                    target = n;
                    break;
                }
            }
            if (stop != null) break;
            if (target == null) {
                stop = current.firstFault().isEmpty() ? "no node deviates by more than the tolerance"
                        : "every faulty int8 layer has had its candidates tried; the remaining deviation starts at " + current.firstFault().get().node()
                        + String.format(" (%.3g relative), so the repairs are not exact", current.firstFault().get().relative());
                break;
            }
            if (handled.size() >= maxRepairs) {
                stop = "stopped after " + maxRepairs + " repaired nodes";
                break;
            }
            handled.add(target.node());
            Node irNode = source.node(target.node());
            List<Attempt> tried = new ArrayList<>();
            List<ModelProto> models = new ArrayList<>();
            List<ConversionCheck.Report> reports = new ArrayList<>();
            int best = -1;
            for (LayerRepair repair : candidatesFor(irNode)) {
                ModelProto candidate = repair.apply(model, irNode);
                ConversionCheck.Report after = ConversionCheck.check(source, candidate, images, settings);
                double relative = after.node(target.node()).relative();
                tried.add(new Attempt(target.node(), repair.name(), target.relative(), relative, current.labelsDiffering(), after.labelsDiffering(), false));
                models.add(candidate);
                reports.add(after);
                if (relative < target.relative() && (best < 0 || relative < tried.get(best).relativeAfter())) best = tried.size() - 1;
            }
            if (best >= 0) {
                Attempt a = tried.get(best);
                tried.set(best, new Attempt(a.node(), a.repair(), a.relativeBefore(), a.relativeAfter(), a.labelsDifferingBefore(),
                        a.labelsDifferingAfter(), true));
                model = models.get(best);
                current = reports.get(best);
            }
            attempts.addAll(tried);
        }
        return new Outcome(first, current, attempts, model, stop);
    }

    static List<LayerRepair> candidatesFor(Node irNode) {
        return CANDIDATES.stream().filter(c -> c.appliesTo(irNode)).toList();
    }
}
