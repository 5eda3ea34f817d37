package org.dlas.cluster;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.dlas.spec.PlannedPoint;

/**
 * One point as it travels to an executor, with the files it needs that came with the job
 * ({@code SparkContext.addFile}): {@code onnxFiles} maps an ONNX model's {@code path} as written in
 * the sweep file to the name of its shipped copy; {@code zooFiles} names the shipped trained zoo
 * models, which the executor puts into its own model cache.
 */
record PointTask(PlannedPoint planned, Map<String, String> onnxFiles, List<String> zooFiles) implements Serializable { }
