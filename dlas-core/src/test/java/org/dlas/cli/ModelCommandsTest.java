package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.data.Npy;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.kernels.Primitives;
import org.dlas.onnx.GraphProto;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.NodeProto;
import org.dlas.onnx.OnnxImporter;
import org.dlas.onnx.ProtoWriter;
import org.dlas.runtime.CompiledModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlas inspect} and {@code dlas infer} on a real ONNX classifier, and their errors on bad files. */
class ModelCommandsTest {
    @TempDir static Path dir;
    static Path cls;

    @BeforeAll
    static void copyModel() throws Exception {
        try (InputStream in = ModelCommandsTest.class.getResourceAsStream("/org/dlas/onnx/real/ch_ppocr_mobile_v2.0_cls_infer.onnx")) {
            cls = dir.resolve("cls.onnx");
            Files.write(cls, in.readAllBytes());
        }
    }

    @Test
    void inspectNamesSymbolicDimsOperatorsLayersAndPrimitives() {
        CliTest.Run r = CliTest.dlas("inspect", cls.toString(), "--input-shape", "3x48x192");
        assertEquals(0, r.exit(), r.err());
        for (String s : List.of("producer: (none), opset 9", "input: x [p2o.DynamicDimension.0 (symbolic), 3, p2o.DynamicDimension.1 (symbolic), "
                + "p2o.DynamicDimension.2 (symbolic)]", "HardSigmoid 9", "Constant 250", "input 3x48x192, output 2x1x1",
                "operators: Add ", "HardSigmoid 9", "Mul ", "total: ", "primitives (", "  winograd ", "targets (", "  jvm")) {
            assertTrue(r.out().contains(s), "lacks '" + s + "':\n" + r.out());
        }
        // the first conv: 3 -> 8 channels, 3x3, stride 2 on 48x192 gives 8x24x96 outputs of 27 MACs each
        assertTrue(r.out().lines().anyMatch(l -> l.matches("p2o\\.Conv\\.0\\s+Conv2d\\s+8x24x96\\s+497664\\s+216")), r.out());
    }

    @Test
    void symbolicDimsWithoutAnInputShapeAreAUsageError() {
        CliTest.Run r = CliTest.dlas("inspect", cls.toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("symbolic dims") && r.err().contains("--input-shape CxHxW"), r.err());
    }

    @Test
    void inferWritesTheOutputsAsNpyAndCsv() throws Exception {
        Shape in = new Shape(3, 48, 192);
        int n = 3;
        float[] x = new float[n * in.size()];
        Random rnd = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2 - 1;
        Path input = dir.resolve("x.npy");
        Npy.write(input, new long[] {n, 3, 48, 192}, x);
        Graph g = OnnxImporter.load(cls, OnnxImporter.Options.defaults().withInputShape(in));
        float[] expected = CompiledModel.compile(g, Primitives.create("gemm", Map.of()), Primitives.create("direct", Map.of())).forward(x, n);

        Path npy = dir.resolve("y.npy");
        CliTest.Run r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", input.toString(), "--env", "jvm/gemm",
                "--output", npy.toString());
        assertEquals(0, r.exit(), r.err());
        Npy.Array y = Npy.read(npy);
        assertArrayEquals(new long[] {n, 2}, y.shape());
        assertArrayEquals(expected, y.values());

        Path csv = dir.resolve("y.csv");
        r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", input.toString(), "--output", csv.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("image,top1,out_0,out_1", rows.get(0));
        assertEquals(n + 1, rows.size());
        int top = expected[0] >= expected[1] ? 0 : 1;
        assertTrue(rows.get(1).startsWith("0," + top + ","), rows.get(1));

        Path int8 = dir.resolve("q.npy");
        r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", input.toString(), "--env", "jvm/direct/int8",
                "--output", int8.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(n * 2, Npy.read(int8).values().length);
    }

    @Test
    void exportWritesAnImportedModelAsDlasLoweredIt() throws Exception {
        Path out = dir.resolve("re-exported.onnx");
        CliTest.Run r = CliTest.dlas("export", cls.toString(), "--input-shape", "3x48x192", out.toString());
        assertEquals(0, r.exit(), r.err());
        Shape in = new Shape(3, 48, 192);
        float[] x = new float[2 * in.size()];
        Random rnd = new Random(2);
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2 - 1;
        Graph original = OnnxImporter.load(cls, OnnxImporter.Options.defaults().withInputShape(in));
        Graph again = OnnxImporter.load(out, OnnxImporter.Options.defaults());
        assertEquals(in, again.inputShape());
        assertArrayEquals(CompiledModel.compile(original, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, 2),
                CompiledModel.compile(again, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, 2));

        r = CliTest.dlas("export", cls.toString(), dir.resolve("nope.onnx").toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("--input-shape CxHxW"), r.err());
        r = CliTest.dlas("export", "resnet9000", dir.resolve("nope.onnx").toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("unknown model 'resnet9000'") && r.err().contains("resnet18"), r.err());
        assertTrue(!Files.exists(dir.resolve("nope.onnx")));
    }

    @Test
    void cacheNamesFollowTheFilesContentAndShape() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("other")).resolve("cls.onnx");
        Files.copy(cls, copy);
        assertEquals(ModelArgument.cacheName(cls.toString(), null), ModelArgument.cacheName(copy.toString(), null));
        assertTrue(ModelArgument.cacheName(cls.toString(), null).matches("cls-[0-9a-f]{12}"), ModelArgument.cacheName(cls.toString(), null));
        assertTrue(ModelArgument.cacheName(cls.toString(), new Shape(3, 48, 192)).endsWith("-3x48x192"));
        Files.write(copy, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(!ModelArgument.cacheName(cls.toString(), null).equals(ModelArgument.cacheName(copy.toString(), null)), "a changed file is a new model");
        assertEquals("resnet18", ModelArgument.cacheName("resnet18", null));
        assertTrue(ModelArgument.isModel("lenet") && ModelArgument.isModel("resnet18") && ModelArgument.isModel(cls.toString()));
        assertTrue(!ModelArgument.isModel("lenett") && !ModelArgument.isModel(dir.resolve("none.onnx").toString()));
    }

    @Test
    void inputOfTheWrongShapeIsAUsageError() throws Exception {
        Path input = dir.resolve("wrong.npy");
        Npy.write(input, new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32]);
        CliTest.Run r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", input.toString(), "--output",
                dir.resolve("o.npy").toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("shape [2, 3, 32, 32] does not hold images of 3x48x192"), r.err());
    }

    // ---- bad model files: one clear error, exit 2 ------------------------------------------

    private static String refused(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("inspect", file.toString()));
        args.addAll(Arrays.asList(more));
        CliTest.Run r = CliTest.dlas(args.toArray(String[]::new));
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.out());
        return r.err();
    }

    @Test
    void truncatedFile() throws Exception {
        Path f = dir.resolve("truncated.onnx");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(cls), 100_000));
        assertTrue(refused(f).contains("truncated.onnx is not a valid ONNX model"), refused(f));
    }

    @Test
    void notOnnx() throws Exception {
        Path f = dir.resolve("notes.onnx");
        Files.writeString(f, "name: this is a YAML file, not ONNX\n");
        assertTrue(refused(f).contains("notes.onnx is not a valid ONNX model"), refused(f));
    }

    @Test
    void unsupportedOperatorsOneLineEach() throws Exception {
        ModelProto m = OnnxImporter.read(cls);
        List<NodeProto> nodes = new ArrayList<>();
        for (NodeProto n : m.graph().nodes()) {
            String op = n.opType().equals("HardSigmoid") ? "Shrink" : n.opType().equals("Softmax") ? "LogSoftmax" : n.opType();
            nodes.add(new NodeProto(n.inputs(), n.outputs(), n.name(), op, n.domain(), n.attributes(), n.docString()));
        }
        GraphProto g = m.graph();
        Path f = dir.resolve("unsupported.onnx");
        Files.write(f, ProtoWriter.write(new ModelProto(m.irVersion(), m.opsetImports(), m.producerName(), m.producerVersion(),
                new GraphProto(g.name(), nodes, g.initializers(), g.inputs(), g.outputs(), g.valueInfo()))));
        String err = refused(f, "--input-shape", "3x48x192");
        assertTrue(err.contains("10 node(s) with 2 operator(s) dlas does not support:\n  Shrink (opset 9): node 'p2o.HardSigmoid.0', "
                + "node 'p2o.HardSigmoid.1', node 'p2o.HardSigmoid.2' and 6 more\n  LogSoftmax (opset 9): node 'p2o.Softmax.0'\n"), err);
    }

    @Test
    void graphWithoutNodes() throws Exception {
        ModelProto m = OnnxImporter.read(cls);
        GraphProto g = m.graph();
        Path f = dir.resolve("empty.onnx");
        Files.write(f, ProtoWriter.write(new ModelProto(m.irVersion(), m.opsetImports(), "", "",
                new GraphProto(g.name(), List.of(), List.of(), g.inputs(), g.inputs(), List.of()))));
        assertTrue(refused(f, "--input-shape", "3x48x192").contains("the graph has no nodes"));
    }

    private static CliTest.Run validate(Path model) throws Exception {
        Path sweep = dir.resolve("sweep-" + model.getFileName() + ".yaml");
        Files.writeString(sweep, "name: bad-model\nmodel: {name: onnx, path: \"" + model + "\"}\ncompression: none\nprimitive: gemm\nhardware: jvm\n");
        return CliTest.dlas("validate", sweep.toString());
    }

    @Test
    void validateImportsTheSweepsOnnxModels() throws Exception {
        Path notOnnx = dir.resolve("text.onnx");
        Files.writeString(notOnnx, "not a model");
        CliTest.Run r = validate(notOnnx);
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("model onnx path=" + notOnnx + ": " + notOnnx + " is not a valid ONNX model"), r.err());

        // a model whose output is a feature map, not one score per class
        Graph features = new Graph("features", List.of(org.dlas.ir.Node.of("x", new org.dlas.ir.Op.Input(3, 4, 4)),
                org.dlas.ir.Node.of("r", new org.dlas.ir.Op.Relu(), "x")));
        Path f = dir.resolve("features.onnx");
        org.dlas.onnx.OnnxExporter.save(features, f);
        r = validate(f);
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("its output 3x4x4 is not a class vector"), r.err());
    }

    @Test
    void difftestAndMutateTakeAnOnnxFile() throws Exception {
        Path out = dir.resolve("difftest");
        CliTest.Run r = CliTest.dlas("difftest", cls.toString(), "--input-shape", "3x48x192", "--envs", "jvm/direct,jvm/gemm,jvm/direct/int8",
                "--images", "6", "--calibration", "4", "--output", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("testing on synthetic inputs (seed 1; ") && r.out().contains(" does not fit input 3x48x192 and 2 classes"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("jvm/direct +vs jvm/gemm +labels differ on +0\\.00% of 6 images.*")), r.out());
        assertTrue(Files.isRegularFile(out.resolve("difftest.csv")));

        Path mut = dir.resolve("mutate");
        r = CliTest.dlas("mutate", cls.toString(), "--input-shape", "3x48x192", "--targets", "jvm/direct", "--operators", "relu-to-identity",
                "--max-mutants", "1", "--images", "6", "--calibration", "4", "--output", mut.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 mutants x 1 environments x 6 images"), r.out());
    }

    @Test
    void inspectAStandardArchitecture() {
        CliTest.Run r = CliTest.dlas("inspect", "resnet18");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("dlas graph 'resnet18': input 3x224x224, output 1000x1x1") && r.out().contains("seeded untrained weights"), r.out());
        assertTrue(r.out().contains("(1.814 GMACs), 11699112 parameters"), r.out()); // 11,689,512 + BatchNorm running statistics
    }

    @Test
    void faultsAndRepairTakeAnOnnxFile() {
        CliTest.Run r = CliTest.dlas("faults", cls.toString(), "--input-shape", "3x48x192", "--images", "4", "--calibration", "4", "--trials", "1",
                "--fp32-bits", "30", "--no-int8", "--output", dir.resolve("faults").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("testing on synthetic inputs"), r.out());
        r = CliTest.dlas("repair", cls.toString(), "--input-shape", "3x48x192", "--images", "4", "--output", dir.resolve("repair").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        r = CliTest.dlas("faults", dir.resolve("missing.onnx").toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("missing.onnx: no such file"), r.err());
    }

    /** Two PNG images (one grey, one colour) through the same path as a .npy of their values. */
    @Test
    void inferReadsAFolderOfImages() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(24, 96, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.awt.image.BufferedImage colour = new java.awt.image.BufferedImage(24, 96, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(4);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 24; x++) {
                int v = rnd.nextInt(256);
                grey.getRaster().setSample(x, y, 0, v);
                colour.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        javax.imageio.ImageIO.write(grey, "png", images.resolve("a.png").toFile());
        javax.imageio.ImageIO.write(colour, "png", images.resolve("b.png").toFile());
        Path out = dir.resolve("folder.npy");
        CliTest.Run r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", images.toString(), "--mean", "0.5",
                "--std", "0.5", "--output", out.toString());
        assertEquals(0, r.exit(), r.err());

        // the same images by hand: [0,1], 96x24 -> 48x192 bilinear, grey replicated, (x - 0.5) / 0.5
        Shape in = new Shape(3, 48, 192);
        float[] x = new float[2 * in.size()];
        for (int i = 0; i < 2; i++) {
            java.awt.image.BufferedImage img = i == 0 ? grey : colour;
            float[] px = new float[(i == 0 ? 1 : 3) * 96 * 24];
            for (int y = 0; y < 96; y++) {
                for (int xx = 0; xx < 24; xx++) {
                    int rgb = img.getRGB(xx, y);
                    if (i == 0) px[y * 24 + xx] = grey.getRaster().getSample(xx, y, 0) / 255f;
                    else for (int c = 0; c < 3; c++) px[c * 96 * 24 + y * 24 + xx] = ((rgb >> (16 - 8 * c)) & 255) / 255f;
                }
            }
            float[] fed = org.dlas.data.ImageFeed.adapt(new org.dlas.data.Dataset("one", i == 0 ? 1 : 3, 96, 24, 1, px, new int[1], List.of("-")),
                    in, "bilinear").images();
            for (int k = 0; k < fed.length; k++) x[i * in.size() + k] = (fed[k] - 0.5f) / 0.5f;
        }
        Graph g = OnnxImporter.load(cls, OnnxImporter.Options.defaults().withInputShape(in));
        float[] expected = CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, 2);
        assertArrayEquals(expected, Npy.read(out).values());
    }

    /** A folder with one sub-folder per class: labels from the sub-folders (name order), top-1 printed, or why not. */
    @Test
    void inferOnALabelledFolderPrintsTopOne() throws Exception {
        Path labelled = dir.resolve("labelled");
        Random rnd = new Random(6);
        for (String c : List.of("b-upright", "a-rotated")) {
            Files.createDirectories(labelled.resolve(c));
            for (int i = 0; i < 2; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, rnd.nextInt(1 << 24));
                javax.imageio.ImageIO.write(img, i == 0 ? "png" : "jpeg", labelled.resolve(c).resolve(i + (i == 0 ? ".png" : ".jpg")).toFile());
            }
        }
        org.dlas.data.Dataset d = org.dlas.data.LabelledImageFolder.load(labelled, new Shape(3, 48, 192), new float[] {0.5f}, new float[] {0.5f});
        assertEquals(List.of("a-rotated", "b-upright"), d.classNames());
        assertArrayEquals(new int[] {0, 0, 1, 1}, d.labels());

        Path out = dir.resolve("labelled.npy");
        CliTest.Run r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", labelled.toString(), "--mean", "0.5",
                "--std", "0.5", "--output", out.toString());
        assertEquals(0, r.exit(), r.err());
        float[] y = Npy.read(out).values();
        assertEquals(8, y.length);
        int right = 0;
        for (int i = 0; i < 4; i++) if ((y[2 * i + 1] > y[2 * i] ? 1 : 0) == d.labels()[i]) right++;
        assertTrue(r.out().contains("top-1 on the folder's labels [a-rotated, b-upright]: " + right + " of 4"), r.out());

        Files.createDirectories(labelled.resolve("c-third"));
        Files.copy(labelled.resolve("a-rotated").resolve("0.png"), labelled.resolve("c-third").resolve("0.png"));
        r = CliTest.dlas("infer", cls.toString(), "--input-shape", "3x48x192", "--input", labelled.toString(), "--output", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("no accuracy: the model has 2 outputs, the folder 3 classes"), r.out());
    }
}
