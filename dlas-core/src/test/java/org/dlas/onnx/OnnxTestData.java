package org.dlas.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * ONNX's own operator test models as Debian's libonnx-testdata package installs them (model.onnx
 * plus test_data_set_0/input_N.pb and output_0.pb TensorProtos), looked up at run time under
 * /usr/share.
 */
final class OnnxTestData {
    static final String INSTALL = "apt-get install -y libonnx-testdata";
    private static Path root;
    private static boolean searched;

    private OnnxTestData() { }

    /**
     * The data directory (holding node/, pytorch-converted/, ...), or null when not installed. The
     * system property {@code onnx.testdata.dir} overrides the search (a missing directory skips).
     */
    static synchronized Path root() {
        if (!searched) {
            searched = true;
            String override = System.getProperty("onnx.testdata.dir");
            Path known = Path.of(override != null ? override : "/usr/share/libonnx-testdata/data");
            if (Files.isRegularFile(known.resolve("node/test_relu/model.onnx"))) {
                root = known;
            } else if (override != null) {
                root = null;
            } else if (Files.isDirectory(Path.of("/usr/share"))) {
                try (Stream<Path> s = Files.find(Path.of("/usr/share"), 6,
                        (p, a) -> p.endsWith(Path.of("node", "test_relu", "model.onnx")))) {
                    root = s.findFirst().map(p -> p.getParent().getParent().getParent()).orElse(null);
                } catch (IOException | java.io.UncheckedIOException e) {
                    root = null;
                }
            }
        }
        return root;
    }

    /** The model directory {@code suite/name}; skips the calling test when the package is missing. */
    static Path model(String suiteAndName) {
        Path r = root();
        Assumptions.assumeTrue(r != null, "ONNX test data not found under /usr/share; install it with: " + INSTALL);
        Path dir = r.resolve(suiteAndName);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")),
                suiteAndName + " is not in this libonnx-testdata version (" + INSTALL + ")");
        return dir;
    }

    /** input_0.pb, input_1.pb, ... of test_data_set_0. */
    static List<TensorProto> inputs(Path dir) throws IOException {
        List<TensorProto> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = dir.resolve("test_data_set_0").resolve("input_" + i + ".pb");
            if (!Files.isRegularFile(p)) return out;
            out.add(OnnxImporter.readTensor(p));
        }
    }

    static TensorProto output(Path dir) throws IOException {
        return output(dir, 0);
    }

    static TensorProto output(Path dir, int i) throws IOException {
        return OnnxImporter.readTensor(dir.resolve("test_data_set_0").resolve("output_" + i + ".pb"));
    }
}
