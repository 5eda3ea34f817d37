/**
 * ONNX import and export for dlas graphs.
 *
 * <ul>
 *   <li>{@link org.dlas.onnx.OnnxImporter#load(java.nio.file.Path)} reads an ONNX file into an
 *       {@link org.dlas.ir.Graph}; unsupported operators are all named up front in an
 *       {@link org.dlas.onnx.UnsupportedOnnxException}, other problems (asymmetric padding,
 *       dilation, missing weights, broadcasting...) raise an
 *       {@link org.dlas.onnx.OnnxImportException} naming the node.</li>
 *   <li>{@link org.dlas.onnx.OnnxExporter#save(org.dlas.ir.Graph, java.nio.file.Path)} writes a
 *       graph as opset 13 / IR version 7 for ONNX Runtime; importing the file gives the same graph
 *       (int8 layers come back as their dequantised fp32 weights).</li>
 * </ul>
 *
 * <p>Files are parsed and written by the classes protoc generates at build time from ONNX's
 * onnx.proto (src/main/third_party/proto/onnx, upstream's file, into target/: {@code org.dlas.onnx.proto.Onnx});
 * {@link org.dlas.onnx.ProtoReader} and {@link org.dlas.onnx.ProtoWriter} turn the subset dlas
 * uses into, and back from, the plain records {@link org.dlas.onnx.ModelProto},
 * {@link org.dlas.onnx.GraphProto}, {@link org.dlas.onnx.NodeProto},
 * {@link org.dlas.onnx.AttributeProto}, {@link org.dlas.onnx.TensorProto},
 * {@link org.dlas.onnx.ValueInfoProto} and
 * {@link org.dlas.onnx.OperatorSetId}. Not supported: tensors in external data files, sparse
 * initializers. Graph attributes (If/Loop bodies) are read up to {@link org.dlas.onnx.ProtoReader#MAX_GRAPH_DEPTH} levels deep.
 */
package org.dlas.onnx;
