/**
 * Reference convolution kernels: the algorithmic primitives a design point can choose
 * ({@link org.dlas.kernels.Primitives}: direct, gemm, spatial-pack, winograd, csr, bsr), each in
 * fp32 and int8.
 *
 * <h2>Layouts</h2>
 * <ul>
 *   <li>Activations are NCHW, row-major ({@code x[((n*C + c)*H + y)*W + x]}); outputs likewise
 *       NKHW with {@code outH = (H + 2*padH - R)/strideH + 1}.</li>
 *   <li>Weights are {@code [K, C/groups, R, S]} row-major; output channel k belongs to group
 *       {@code k / (K/groups)} and reads input channels {@code g*C/groups ..}. A dense layer
 *       in -> out is {@link org.dlas.kernels.ConvSpec#dense} (1x1 kernel on a 1x1 image) with
 *       weights {@code [out, in]}.</li>
 *   <li>The im2col matrix of a group has row {@code (c*R + r)*S + s} and column
 *       {@code oy*outW + ox}; a batch's images sit side by side as column ranges. For the JIT's
 *       auto-vectoriser, column-blocked matrices store each block row as its own array (see
 *       {@code Gemm}).</li>
 *   <li>Packed weights: gemm uses panels of 4 rows stored k-major; spatial-pack uses KCRSk with
 *       blocks of 8 output channels; winograd stores {@code U = G g G^T} as 16 matrices [K, C];
 *       csr / bsr store each group's [K/groups, C/groups*R*S] matrix in CSR / BSR.</li>
 * </ul>
 *
 * <h2>Numerics</h2>
 * fp32 accumulates in float; each primitive has a fixed summation order per output element, so
 * its results do not depend on threading. int8: inputs are int8 with one per-tensor zero point
 * zp, weights int8 symmetric; the result is {@code sum w * (x - zp)} over the taps (padding is
 * the zero point, so it adds nothing) in wrapping int32, plus the int32 bias. Every primitive,
 * Winograd included, returns exactly the direct reference's int32 values.
 *
 * <h2>Threads and cancellation</h2>
 * Layers above {@link org.dlas.kernels.Parallel#thresholdMacs()} multiply-accumulates run their
 * tasks (images, output-channel blocks, row tiles, column blocks) on a shared fork-join pool.
 * An interrupt of the calling thread is noticed between tasks and surfaces as
 * {@link java.util.concurrent.CancellationException} (the interrupt flag is cleared).
 * Prepared convolutions hold only immutable packed weights and allocate their buffers per run,
 * so one prepared layer may be run from several threads at once.
 */
package org.dlas.kernels;
