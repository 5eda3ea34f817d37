package org.dlas.accel;

/**
 * A configured simulated accelerator. {@link #run} pushes one conv/dense layer (a batch of images)
 * through the cycle-level model: it returns the outputs the datapath computed and the statistics;
 * {@link #estimate} is the closed-form analytical model of the same configuration, cheap enough
 * to screen many configurations or mappings.
 */
public interface Accelerator {

    /** Target name: systolic, maeri or sigma. */
    String name();

    /** One line with the configuration, e.g. {@code maeri(multipliers=64, dn_bw=16, rn_bw=16)}. */
    String describe();

    /** Multipliers (processing elements). */
    int multipliers();

    /** Clock in MHz, to turn cycles into time. */
    double clockMhz();

    /** Runs a layer through the cycle-level model. Deterministic: same layer, same result. */
    LayerResult run(ConvLayer layer);

    /**
     * Runs layer {@code layerName} (the model's node name) of a model: accelerators with per-layer
     * settings (MAERI's {@code mapping} parameter) override it; by default the same as {@link #run(ConvLayer)}.
     */
    default LayerResult run(String layerName, ConvLayer layer) { return run(layer); }

    /**
     * Closed-form estimate for a layer of this shape.
     *
     * @param precision     datapath (bytes per operand set the DRAM time)
     * @param weightDensity non-zero share of the weights (only sparse accelerators use it)
     * @param inputDensity  non-zero share of the input activations (likewise)
     */
    Estimate estimate(LayerShape shape, Precision precision, double weightDensity, double inputDensity);

    /** Area of this configuration in mm^2 on a {@code precision} datapath. */
    double areaMm2(Precision precision);

    /** Whether zeros in weights or activations save cycles on this accelerator. */
    boolean skipsZeros();
}
