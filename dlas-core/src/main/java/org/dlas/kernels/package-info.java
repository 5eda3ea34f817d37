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
 * <h2>Deliberate twins</h2>
 * Several kernels are written twice, once for {@code float} and once for {@code int} (int8 inputs
 * widened, int32 accumulators), or unrolled into panels of the same shape. Java has no generics
 * over primitive types: one generic body would box every value or call a lambda per
 * multiply-accumulate, and the JIT could then neither keep the accumulators in registers nor
 * vectorise the loop. The twins are therefore kept, each pair side by side in one file, and
 * must change together: every int8 result equals the direct reference's to the bit (the tests
 * compare them), every fp32 result keeps its summation order. What surrounds the hot loops is
 * shared instead: argument checks ({@code Checks}), output geometry ({@code RunShape}), task
 * scheduling ({@link org.dlas.kernels.Parallel}), the default {@code notApplicable}, and the
 * lowering driver {@code Lowered} that gemm, csr and bsr plug their products into.
 * <ul>
 *   <li>{@code DirectPrimitive.prepare / prepareInt8}: the reference loop nest; int8 subtracts the
 *       zero point per tap.</li>
 *   <li>{@code Gemm.multiply / multiplyVector} (float and int overloads): the 4-row panel
 *       micro-kernel with four accumulator rows the JIT vectorises; int8 also takes a reduction
 *       range, for callers that split the reduction.</li>
 *   <li>{@code VectorGemm.panel8x2 / panel4x2 / panel4x1}: the fp32 Vector API micro-kernel
 *       unrolled into 8, 4 and 4 rows by 2 or 1 vectors, because accumulators must be locals
 *       (registers), not array elements, to be fast.</li>
 *   <li>{@code Lowered.run} (float and int): the im2col + product driver; they differ in element
 *       type, the int8 lowering's zero point, and the fp32 path's column buffers reused through
 *       {@code ColumnBlocks}.</li>
 *   <li>{@code Im2col.row / rows / flat / blocked} (float and byte inputs): lowering; int8 stores
 *       {@code x - zeroPoint} and pads with 0.</li>
 *   <li>{@code WinogradPrimitive.runF / runI} and the two {@code inputTransform}s: F(2x2, 3x3);
 *       int8 transforms the weights with {@code 2G} and runs in channel chunks whose result
 *       {@code 4Y} fits int32 (see the class comment).</li>
 *   <li>{@code SpatialPackPrimitive.prepare / prepareInt8}: the KCRSk-packed blocks of 8 output
 *       channels over tiles of output rows.</li>
 *   <li>{@code PaddedPlaneConv}'s vector micro-kernels (e.g. {@code twoVectors}): eight output
 *       channels unrolled into named vector accumulators, one broadcast and FMA per channel and
 *       tap, for the same reason as {@code VectorGemm}'s panels.</li>
 *   <li>{@code CsrPrimitive} and {@code BsrPrimitive} products ({@code ProductF} / {@code ProductI}):
 *       the sparse row (block) loops over the lowered input.</li>
 * </ul>
 * A copy-paste check lists these pairs; they are the ones meant to stay.
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
