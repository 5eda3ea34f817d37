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
 * <p>No generated protobuf classes are used: {@link org.dlas.onnx.ProtoReader} and
 * {@link org.dlas.onnx.ProtoWriter} handle the wire format of the onnx.proto subset held by the
 * plain records {@link org.dlas.onnx.ModelProto}, {@link org.dlas.onnx.GraphProto},
 * {@link org.dlas.onnx.NodeProto}, {@link org.dlas.onnx.AttributeProto},
 * {@link org.dlas.onnx.TensorProto}, {@link org.dlas.onnx.ValueInfoProto} and
 * {@link org.dlas.onnx.OperatorSetId}. Not supported: tensors in external data files, sparse
 * initializers, subgraphs (If/Loop are reported as unsupported operators).
 */
package org.dlas.onnx;
