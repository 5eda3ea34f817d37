/**
 * The {@code fpga} hardware target: SECDA-style accelerator designs (vector-MAC {@code vm},
 * systolic array {@code sa}) written in SystemC ({@code native/}), driven from Java.
 *
 * <ul>
 *   <li>{@link org.dlas.fpga.FpgaTarget}: the target (ServiceLoader), its parameters
 *       ({@link org.dlas.fpga.DesignConfig}), availability and the int8-only rule;</li>
 *   <li>{@link org.dlas.fpga.FpgaConvPrimitive}: a design as a {@code ConvPrimitive} whose int8
 *       layers lower images to im2col, tile them ({@link org.dlas.fpga.TilePlan},
 *       {@link org.dlas.fpga.GemmDriver}) and run one simulation job per image;</li>
 *   <li>{@link org.dlas.fpga.ProgramWriter} / {@link org.dlas.fpga.Isa}: the instruction stream the
 *       designs decode;</li>
 *   <li>{@link org.dlas.fpga.PowerTable}: the energy model's user-editable numbers.</li>
 * </ul>
 * See {@code fpga/README.md} for the designs, the metrics and how they are measured.
 */
package org.dlas.fpga;
