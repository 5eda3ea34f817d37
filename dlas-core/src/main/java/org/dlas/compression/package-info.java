/**
 * Model compression: the values of a sweep's {@code compression} axis.
 *
 * <p>{@link org.dlas.compression.Compressions} is the registry ({@code none}, {@code prune},
 * {@code channel-prune}, {@code int8}) with {@code names()}, {@code params(name)},
 * {@code apply}/{@code compress} for one choice and {@code applyAll}/{@code compressAll} for a
 * pipeline. Every compressor returns a new validated {@link org.dlas.ir.Graph} (the input graph is
 * never modified) and a {@link org.dlas.compression.CompressionReport} saying per layer what was
 * done, whose {@code summary()} fits a result row's message.
 *
 * <ul>
 *   <li>{@link org.dlas.compression.MagnitudePruning} ({@code prune}): unstructured, per layer or
 *       one global threshold; shapes and MACs unchanged, zeros for sparse primitives.</li>
 *   <li>{@link org.dlas.compression.ChannelPruning} ({@code channel-prune}): L1 filter pruning that
 *       removes channels through BatchNorm, depthwise convs, Concat and Flatten up to the next
 *       conv/dense; residual Adds are skipped or pruned as a group.</li>
 *   <li>{@link org.dlas.compression.Int8Quantization} ({@code int8}): BatchNorm folding
 *       ({@link org.dlas.compression.BatchNormFolding}), per-channel symmetric weights and
 *       calibrated per-tensor asymmetric input activations.</li>
 * </ul>
 * Calibration ({@code int8} ranges, {@code channel-prune} bias correction) runs the fp32 graph on
 * {@link org.dlas.compression.CalibrationData} through {@link org.dlas.runtime.CompiledModel} with a
 * built-in reference convolution, so this package needs no kernel implementation.
 *
 * <p>{@code prune} and {@code channel-prune} can fine-tune briefly after pruning
 * ({@code finetune_images}, {@link org.dlas.compression.FineTuning}): one pass of SGD on that many
 * images of the training split with {@link org.dlas.train.Trainer}, keeping pruned weights at zero
 * after unstructured pruning; the training split comes through the {@code trainData} overloads.
 */
package org.dlas.compression;
