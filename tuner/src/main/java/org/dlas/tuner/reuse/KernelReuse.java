package org.dlas.tuner.reuse;

import java.util.List;

/**
 * How one kernel (MetaSchedule task) of the new model got its schedule.
 *
 * @param task           TVM's task name, e.g. {@code fused_nn_conv2d_add_nn_relu}
 * @param operatorClass  the anchor block's name (e.g. {@code conv2d_nchw}, {@code T_matmul_NT})
 * @param extents        the anchor block's loop extents
 * @param rule           which rule applied
 * @param donor          the donor database that lent the schedule, or null
 * @param donorKernel    the donor kernel (class and extents), or null
 * @param distance       sum of |ln(extent ratio)| to the donor kernel (0 for exact), or NaN for none
 * @param replayFailures candidates whose replay failed before one succeeded (or all failed)
 * @param failures       why each of them failed
 * @param replayedAs     {@code trace} (the whole donor trace) or {@code anchor trace} (its anchor-block
 *                       part, where the blocks fused around the anchor differ), or null for none
 */
public record KernelReuse(String task, String operatorClass, List<Integer> extents, ReuseRule rule, String donor,
                          String donorKernel, double distance, int replayFailures, List<String> failures, String replayedAs) { }
