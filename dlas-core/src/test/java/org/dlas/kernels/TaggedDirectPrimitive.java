package org.dlas.kernels;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.spec.ParamSpec;

/** A test-only primitive plug-in ({@code plugins/META-INF/services}): direct convolution with an integer parameter. */
public final class TaggedDirectPrimitive implements ConvPrimitive {
    static final ParamSpec TAG = ParamSpec.integer("tag", "a number carried by the primitive", 7, 0, 99);
    private final DirectPrimitive direct = new DirectPrimitive();
    private final int tag;

    public TaggedDirectPrimitive() { this(7); }

    private TaggedDirectPrimitive(int tag) { this.tag = tag; }

    int tag() { return tag; }

    @Override public String name() { return "test-tagged-direct"; }
    @Override public List<ParamSpec> params() { return List.of(TAG); }
    @Override public ConvPrimitive withParams(Map<String, Object> params) { return new TaggedDirectPrimitive(Primitives.intParam(name(), params, TAG)); }
    @Override public Optional<String> notApplicable(ConvSpec spec) { return direct.notApplicable(spec); }
    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) { return direct.prepare(spec, weights, bias); }
    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) { return direct.prepareInt8(spec, weights, bias); }
}
