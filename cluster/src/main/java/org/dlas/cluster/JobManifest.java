package org.dlas.cluster;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What every point of a run needs besides itself, the files that came with the job
 * ({@code SparkContext.addFile}): {@code onnxFiles} maps an ONNX model's {@code path} as written in
 * the sweep file to the name of its shipped copy; {@code zooFiles} names the shipped trained zoo
 * models, which the executor puts into its own model cache. It is the same for all points, so it
 * travels once per executor as a broadcast, not inside each task.
 */
record JobManifest(Map<String, String> onnxFiles, List<String> zooFiles) implements Serializable { }
