package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.error;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * If and Loop as exporters write them around shape arithmetic (torch's dynamo exporter), evaluated
 * at import time. An If whose condition is a constant becomes the nodes of the branch it takes; a
 * Loop whose trip count and condition are constants is unrolled: its body is imported once per
 * iteration with the iteration number, the condition and the carried values bound, so constants
 * fold, sequences grow and activations flow through as they would at run time. Scan outputs are
 * stacked when they are constants. A condition or trip count computed from the image at run time
 * is an error naming the node.
 *
 * <p>A body's own names (its inputs, initializers and node outputs) are renamed per inlining
 * (owner/iteration/name), so one body can be imported many times; names it reads from the
 * enclosing graphs stay as they are.
 */
final class ControlFlowImporters {
    /**
     * The most body nodes one model's Ifs and Loops may import in total (a Loop's body counts once per
     * iteration): exporters unroll shape arithmetic over a handful of dims; more is not a foldable loop.
     */
    static final int MAX_INLINED_NODES = 100_000;

    private ControlFlowImporters() { }

    static void ifNode(ImportContext ctx, NodeProto n) {
        boolean taken = truth(n, ctx.constants.get(n.input(0)), "condition '" + n.input(0) + "'");
        GraphProto branch = graph(n, taken ? "then_branch" : "else_branch");
        if (!branch.inputs().isEmpty()) throw error(n, "branch '" + branch.name() + "' declares inputs; ONNX If branches take none");
        if (branch.outputs().size() != n.outputs().size()) {
            throw error(n, "has " + n.outputs().size() + " outputs but its " + (taken ? "then" : "else") + " branch "
                    + branch.outputs().size());
        }
        List<String> results = inline(ctx, n, branch, Map.of(), scope(n) + (taken ? "/then/" : "/else/"));
        for (int i = 0; i < results.size(); i++) bind(ctx, n, results.get(i), n.outputs().get(i));
    }

    static void loop(ImportContext ctx, NodeProto n) {
        GraphProto body = graph(n, "body");
        int carried = n.inputs().size() - 2;
        if (carried < 0) throw error(n, "has " + n.inputs().size() + " inputs; a Loop takes a trip count and a condition (empty names when absent) first");
        if (body.inputs().size() != carried + 2 || body.outputs().size() < carried + 1) {
            throw error(n, "body '" + body.name() + "' has " + body.inputs().size() + " inputs and " + body.outputs().size()
                    + " outputs; for " + carried + " carried values ONNX needs " + (carried + 2) + " inputs and at least "
                    + (carried + 1) + " outputs");
        }
        int scans = body.outputs().size() - 1 - carried;
        if (n.outputs().size() > carried + scans) {
            throw error(n, "has " + n.outputs().size() + " outputs; its body gives " + carried + " carried and " + scans + " scan values");
        }
        long trips = Long.MAX_VALUE;
        if (!n.input(0).isEmpty()) {
            TensorProto m = ctx.constants.get(n.input(0));
            if (m == null || m.elementCount() != 1) {
                throw error(n, "trip count '" + n.input(0) + "' is " + (m == null ? "computed at run time" : "not a single value")
                        + "; dlas imports a Loop only when it can unroll it (constant trip count and condition)");
            }
            trips = ImportContext.longs(n, m, "trip count")[0];
        }
        boolean go = n.input(1).isEmpty() || truth(n, ctx.constants.get(n.input(1)), "condition '" + n.input(1) + "'");
        List<String> current = new ArrayList<>(n.inputs().subList(2, n.inputs().size()));
        List<List<TensorProto>> scanned = new ArrayList<>();
        for (int s = 0; s < scans; s++) scanned.add(new ArrayList<>());
        long i = 0;
        for (; i < trips && go; i++) {
            String prefix = scope(n) + "/" + i + "/";
            String iteration = prefix + body.inputs().get(0).name(), condition = prefix + body.inputs().get(1).name();
            ctx.constants.put(iteration, TensorProto.ofLongs(iteration, new long[0], new long[] {i}));
            ctx.constants.put(condition, TensorProto.ofLongs(condition, new long[0], new long[] {1}));
            Map<String, String> bound = new HashMap<>();
            bound.put(body.inputs().get(0).name(), iteration);
            bound.put(body.inputs().get(1).name(), condition);
            for (int k = 0; k < carried; k++) bound.put(body.inputs().get(k + 2).name(), current.get(k));
            List<String> results = inline(ctx, n, body, bound, prefix);
            go = truth(n, ctx.constants.get(results.get(0)), "body condition '" + body.outputs().get(0).name() + "'");
            current = new ArrayList<>(results.subList(1, carried + 1));
            for (int s = 0; s < scans; s++) {
                TensorProto t = ctx.constants.get(results.get(carried + 1 + s));
                if (t == null) {
                    throw error(n, "scan output '" + body.outputs().get(carried + 1 + s).name()
                            + "' is computed from the image; dlas stacks scan outputs of constants only");
                }
                scanned.get(s).add(t);
            }
        }
        for (int k = 0; k < carried; k++) {
            if (k < n.outputs().size() && !n.outputs().get(k).isEmpty()) bind(ctx, n, current.get(k), n.outputs().get(k));
        }
        for (int s = 0; s < scans && carried + s < n.outputs().size(); s++) {
            String out = n.outputs().get(carried + s);
            if (!out.isEmpty()) ctx.constants.put(out, stack(n, out, scanned.get(s)));
        }
    }

    /**
     * SequenceMap: the body imported once per element, its inputs bound to the i-th element of each
     * input sequence (a tensor input to itself); each body output is collected into an output sequence.
     */
    static void sequenceMap(ImportContext ctx, NodeProto n) {
        GraphProto body = graph(n, "body");
        if (body.inputs().size() != n.inputs().size() || body.outputs().size() != n.outputs().size()) {
            throw error(n, "body '" + body.name() + "' has " + body.inputs().size() + " inputs and " + body.outputs().size()
                    + " outputs for " + n.inputs().size() + " inputs and " + n.outputs().size() + " outputs");
        }
        List<Object> first = ctx.sequences.get(n.input(0));
        if (first == null) throw error(n, "input '" + n.input(0) + "' is not a sequence built by a sequence operator");
        List<List<Object>> outputs = new ArrayList<>();
        for (int j = 0; j < n.outputs().size(); j++) outputs.add(new ArrayList<>());
        for (int i = 0; i < first.size(); i++) {
            String prefix = scope(n) + "/" + i + "/";
            Map<String, String> bound = new HashMap<>();
            for (int k = 0; k < n.inputs().size(); k++) {
                String in = n.input(k), name = body.inputs().get(k).name();
                List<Object> seq = ctx.sequences.get(in);
                if (seq == null) {
                    bound.put(name, in);
                    continue;
                }
                if (seq.size() != first.size()) throw error(n, "maps sequences of " + first.size() + " and " + seq.size() + " elements");
                Object item = seq.get(i);
                if (item instanceof TensorProto t) ctx.constants.put(prefix + name, t.withName(prefix + name));
                else ctx.values.put(prefix + name, (ImportContext.Val) item);
                bound.put(name, prefix + name);
            }
            List<String> results = inline(ctx, n, body, bound, prefix);
            for (int j = 0; j < results.size(); j++) {
                String r = results.get(j);
                TensorProto t = ctx.constants.get(r);
                ImportContext.Val v = ctx.values.get(r);
                if (t == null && v == null) throw error(n, "body output '" + body.outputs().get(j).name() + "' is not a tensor");
                outputs.get(j).add(t != null ? t : v);
            }
        }
        for (int j = 0; j < outputs.size(); j++) ctx.sequences.put(n.outputs().get(j), List.copyOf(outputs.get(j)));
    }

    /** The graph attribute {@code name} of {@code n}. */
    private static GraphProto graph(NodeProto n, String name) {
        AttributeProto a = n.attribute(name).orElseThrow(() -> error(n, "has no " + name + " attribute"));
        if (a.type() != AttributeProto.GRAPH || a.g() == null) throw error(n, "attribute " + name + " should be a graph, is " + a.typeName());
        return a.g();
    }

    /** The value of a one-element constant condition. */
    private static boolean truth(NodeProto n, TensorProto t, String role) {
        if (t == null) {
            throw error(n, role + " is computed at run time; dlas imports If and Loop only when their conditions are "
                    + "constants (it takes the branch or unrolls the loop at import)");
        }
        if (t.elementCount() != 1) throw error(n, role + " should be a single value, has " + t.elementCount());
        boolean isFloat = t.dataType() == TensorProto.FLOAT || t.dataType() == TensorProto.DOUBLE
                || t.dataType() == TensorProto.FLOAT16 || t.dataType() == TensorProto.BFLOAT16;
        return isFloat ? ImportContext.floats(n, t, role)[0] != 0 : ImportContext.longs(n, t, role)[0] != 0;
    }

    /** The prefix of names inlined for {@code n}: its name, else its first output. */
    private static String scope(NodeProto n) {
        return !n.name().isEmpty() ? n.name() : n.outputs().get(0);
    }

    /**
     * Imports {@code body}'s nodes into {@code ctx} with its own names prefixed ({@code bound} maps its
     * inputs to values already in {@code ctx}); returns the names that hold its outputs.
     */
    private static List<String> inline(ImportContext ctx, NodeProto owner, GraphProto body, Map<String, String> bound, String prefix) {
        ctx.inlinedNodes += body.nodes().size();
        if (ctx.inlinedNodes > MAX_INLINED_NODES) {
            throw error(owner, "its bodies would import more than " + MAX_INLINED_NODES + " nodes; dlas folds small If/Loop blocks only");
        }
        Map<String, String> names = new HashMap<>(bound);
        for (TensorProto t : body.initializers()) {
            String name = prefix + t.name();
            names.put(t.name(), name);
            ctx.constants.put(name, t.withName(name));
        }
        for (NodeProto b : body.nodes()) for (String o : b.outputs()) if (!o.isEmpty()) names.put(o, prefix + o);
        List<NodeProto> nodes = new ArrayList<>();
        for (NodeProto b : body.nodes()) {
            NodeProto r = rename(b, names, prefix);
            nodes.add(r);
            for (String in : r.inputs()) if (!in.isEmpty()) ctx.readers.computeIfAbsent(in, k -> new ArrayList<>()).add(r);
            for (String in : ImportContext.outerNames(r)) ctx.readers.computeIfAbsent(in, k -> new ArrayList<>()).add(r);
        }
        List<String> results = new ArrayList<>();
        for (ValueInfoProto o : body.outputs()) {
            String name = names.getOrDefault(o.name(), o.name());
            results.add(name);
            ctx.readers.computeIfAbsent(name, k -> new ArrayList<>()).add(owner); // the owner reads what the body gives
        }
        for (NodeProto r : nodes) OpImporters.apply(ctx, r);
        return results;
    }

    /** {@code n} reading and writing the renamed tensors, its own name prefixed, its subgraphs' outer references renamed. */
    private static NodeProto rename(NodeProto n, Map<String, String> names, String prefix) {
        List<String> in = n.inputs().stream().map(s -> s.isEmpty() ? s : names.getOrDefault(s, s)).toList();
        List<String> out = n.outputs().stream().map(s -> s.isEmpty() ? s : names.getOrDefault(s, s)).toList();
        List<AttributeProto> attrs = new ArrayList<>();
        for (AttributeProto a : n.attributes()) attrs.add(renameGraphs(a, names));
        return new NodeProto(in, out, n.name().isEmpty() ? "" : prefix + n.name(), n.opType(), n.domain(), attrs, n.docString());
    }

    private static AttributeProto renameGraphs(AttributeProto a, Map<String, String> names) {
        if (a.g() == null && a.graphs().isEmpty()) return a;
        return new AttributeProto(a.name(), a.type(), a.f(), a.i(), a.s(), a.t(), a.floats(), a.ints(),
                a.g() == null ? null : renameOuter(a.g(), names), a.graphs().stream().map(g -> renameOuter(g, names)).toList());
    }

    /** A nested graph whose references to the enclosing graphs' renamed tensors follow the renaming (its own names stay). */
    private static GraphProto renameOuter(GraphProto g, Map<String, String> names) {
        Map<String, String> outer = new HashMap<>(names);
        outer.keySet().removeAll(ImportContext.definedNames(g));
        List<NodeProto> nodes = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            List<String> in = n.inputs().stream().map(s -> outer.getOrDefault(s, s)).toList();
            List<AttributeProto> attrs = new ArrayList<>();
            for (AttributeProto a : n.attributes()) attrs.add(renameGraphs(a, outer));
            nodes.add(new NodeProto(in, n.outputs(), n.name(), n.opType(), n.domain(), attrs, n.docString()));
        }
        List<ValueInfoProto> outputs = g.outputs().stream()
                .map(v -> new ValueInfoProto(outer.getOrDefault(v.name(), v.name()), v.elemType(), v.shape())).toList();
        return new GraphProto(g.name(), nodes, g.initializers(), g.inputs(), outputs, g.valueInfo());
    }

    /** Output {@code to} of {@code n} holds what {@code from} holds: a constant, a sequence or an activation. */
    private static void bind(ImportContext ctx, NodeProto n, String from, String to) {
        if (to.isEmpty()) return;
        TensorProto c = ctx.constants.get(from);
        if (c != null) {
            ctx.constants.put(to, c.withName(to));
        } else if (ctx.sequences.containsKey(from)) {
            ctx.sequences.put(to, ctx.sequences.get(from));
        } else if (ctx.values.containsKey(from)) {
            ctx.values.put(to, ctx.values.get(from));
            if (ctx.zeroPadded.containsKey(from)) ctx.zeroPadded.put(to, ctx.zeroPadded.get(from));
            if (ctx.viewGroups.containsKey(from)) {
                ctx.viewGroups.put(to, ctx.viewGroups.get(from));
                ctx.viewOrder.put(to, ctx.viewOrder.get(from));
            }
        } else {
            throw error(n, "output '" + to + "' would hold '" + from + "', which no node, initializer or input defines");
        }
    }

    /** Per-iteration constants stacked along a new first axis, as a Loop's scan output. */
    private static TensorProto stack(NodeProto n, String name, List<TensorProto> items) {
        if (items.isEmpty()) return TensorProto.ofLongs(name, new long[] {0}, new long[0]);
        long[] dims = items.get(0).dims();
        long[] out = new long[dims.length + 1];
        out[0] = items.size();
        System.arraycopy(dims, 0, out, 1, dims.length);
        boolean floats = items.get(0).dataType() == TensorProto.FLOAT || items.get(0).dataType() == TensorProto.DOUBLE;
        List<Float> f = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        for (TensorProto t : items) {
            if (!java.util.Arrays.equals(t.dims(), dims)) throw error(n, "scan output changes dims between iterations");
            if (floats) for (float v : ImportContext.floats(n, t, "scan output")) f.add(v);
            else for (long v : ImportContext.longs(n, t, "scan output")) l.add(v);
        }
        if (floats) {
            float[] a = new float[f.size()];
            for (int k = 0; k < a.length; k++) a[k] = f.get(k);
            return TensorProto.ofFloats(name, out, a);
        }
        return TensorProto.ofLongs(name, out, l.stream().mapToLong(Long::longValue).toArray());
    }
}
