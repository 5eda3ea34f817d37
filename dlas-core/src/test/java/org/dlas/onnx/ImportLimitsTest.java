package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models that declared impossible sizes, no work or a future opset, and files too large to parse, are refused by name. */
class ImportLimitsTest {

    private static String refusal(ModelBuilder b) {
        return assertThrows(OnnxImportException.class, b::load).getMessage();
    }

    @Test
    void hugeDeclaredDimsAreRefusedWithTheirTrueCount() {
        // before: "-1539607552 values" (1 x 100000 x 100000 overflowed an int)
        String m = refusal(new ModelBuilder(13).input("x", "N", 1, 100000, 100000).output("y", "N", 1, 100000, 100000).node("Relu", "r", "x", "y"));
        assertTrue(m.contains("10000000000 values per image; dlas takes at most " + OnnxImporter.MAX_INPUT_VALUES), m);
        String huge = refusal(new ModelBuilder(13).input("x", "N", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)
                .output("y", "N", 1).node("Relu", "r", "x", "y"));
        assertTrue(huge.contains("values per image; dlas takes at most"), huge);
    }

    @Test
    void aGraphWithoutNodesIsRefused() {
        String m = refusal(new ModelBuilder(13).input("x", "N", 1, 4, 4).output("x", "N", 1, 4, 4));
        assertTrue(m.contains("the graph has no nodes"), m);
    }

    @Test
    void anOpsetNewerThanSupportedIsRefused() {
        String m = refusal(new ModelBuilder(9999).input("x", "N", 1, 4, 4).output("y", "N", 1, 4, 4).node("Relu", "r", "x", "y"));
        assertTrue(m.contains("opset 9999; dlas imports opsets 1 to " + OnnxImporter.MAX_OPSET), m);
    }

    @Test
    void aTensorWhoseElementCountOverflowsIsRefused() {
        TensorProto t = TensorProto.ofFloats("w", new long[] {1}, new float[] {1f});
        TensorProto absurd = new TensorProto("w", new long[] {1L << 40, 1L << 40}, t.dataType(), t.floatData(), t.int32Data(),
                t.int64Data(), t.doubleData(), t.rawData(), false);
        String m = assertThrows(OnnxImportException.class, absurd::elementCount).getMessage();
        assertTrue(m.contains("more elements than a long holds"), m);
    }

    @Test
    void aFileLargerThanTheHeapAllowsIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.onnx");
        long limit = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(limit + 1); // sparse: takes no disk space
        }
        String m = assertThrows(OnnxImportException.class, () -> OnnxImporter.load(big)).getMessage();
        assertTrue(m.contains("is " + (limit + 1) + " bytes; this JVM imports ONNX files up to " + limit), m);
        assertTrue(assertThrows(OnnxImportException.class, () -> OnnxImporter.load(Path.of("/dev/zero"))).getMessage()
                .contains("not a regular file"));
        Files.delete(big);
    }
}
