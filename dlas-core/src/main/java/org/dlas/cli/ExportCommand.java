package org.dlas.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxExporter;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a trained zoo model, a standard architecture or an imported .onnx file (as dlas lowered it) as an ONNX file "
                + "(opset 13), e.g. to check it in ONNX Runtime or another tool.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "zoo model (${COMPLETION-CANDIDATES}), standard architecture or .onnx file",
            completionCandidates = ZooNames.class)
    String model;

    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "per-image input dims of an ONNX file whose dims are symbolic")
    String inputShape;

    @Parameters(index = "1", paramLabel = "FILE", description = "ONNX file to write") Path file;

    @Option(names = "--dataset", description = "data set the model is trained on (default: ${DEFAULT-VALUE})") String dataset = ModelZoo.DEFAULT_DATASET;

    @Override public Integer call() throws Exception {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder.toString(), null, "no such folder"); // before any training
        Graph g = ModelArgument.load(model, dataset, ModelArgument.parseShape(inputShape));
        OnnxExporter.save(g, file);
        System.out.println("wrote " + file + " (" + g.nodes().size() + " nodes, input " + g.inputShape() + ")");
        return 0;
    }

    static final class ZooNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return ModelZoo.names().iterator(); }
    }
}
