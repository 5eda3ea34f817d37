package org.dlas.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.dlas.spec.TestCatalog.CATALOG;
import static org.dlas.spec.TestCatalog.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointTest {

    @TempDir
    Path dir;

    private int n;

    /** The only point of a one-point sweep whose axes other than the given lines are fixed. */
    private Point point(String name, String primitive, String compression, String measure) throws SpecException {
        Path f = write(dir, "p" + (n++) + ".yaml", "name: " + name + "\nmodel: lenet\ncompression: " + compression
                + "\nprimitive: " + primitive + "\nhardware: jvm\n" + (measure == null ? "" : "measure: " + measure + "\n"));
        List<PlannedPoint> plan = SweepPlan.expand(SpecLoader.load(f, CATALOG));
        assertEquals(1, plan.size());
        return plan.get(0).point();
    }

    @Test
    void canonicalJsonIsSortedCompactAndComplete() throws Exception {
        Point p = point("a", "{name: bsr, block_rows: 2}", "{name: prune, sparsity: 0.25}", null);
        assertEquals("{\"choices\":{"
                + "\"codegen\":{\"name\":\"none\",\"params\":{}},"
                + "\"compression\":{\"name\":\"prune\",\"params\":{\"scope\":\"layer\",\"sparsity\":0.25}},"
                + "\"dataset\":{\"name\":\"fashion-mnist\",\"params\":{}},"
                + "\"hardware\":{\"name\":\"jvm\",\"params\":{\"threads\":1}},"
                + "\"model\":{\"name\":\"lenet\",\"params\":{}},"
                + "\"primitive\":{\"name\":\"bsr\",\"params\":{\"block_cols\":4,\"block_rows\":2}}},"
                + "\"measure\":{\"batch\":1,\"calibration_images\":200,\"repeats\":10,\"seed\":42,"
                + "\"test_images\":1000,\"warmup\":2}}", p.canonicalJson());
        assertTrue(p.hash().matches("[0-9a-f]{64}"), p.hash());
    }

    @Test
    void measurementMapHasTheSweepFileKeysInOrderWithTheRecordsValueTypes() {
        Map<String, Object> m = new Measurement(3, 11, 100, 2, 7L, 60, 50).asMap();
        assertEquals(List.of("warmup", "repeats", "test_images", "batch", "seed", "timeout_s", "calibration_images"),
                List.copyOf(m.keySet()));
        assertEquals(List.of(3, 11, 100, 2, 7L, 60, 50), List.copyOf(m.values())); // Integer except the Long seed
    }

    @Test
    void keyOrderDefaultsAndSweepNameDoNotChangeTheHash() throws Exception {
        Point defaulted = point("one", "bsr", "{name: prune, sparsity: 0.5}", null);
        Point explicit = point("two", "{name: bsr, block_rows: 4, block_cols: 4}",
                "{scope: layer, sparsity: 0.5, name: prune}", "{warmup: 2, seed: 42}");
        Point reordered = point("three", "{block_cols: 4, name: bsr, block_rows: 4}",
                "{sparsity: 0.50, name: prune}", "{seed: 42, repeats: 10}");
        assertEquals(defaulted.canonicalJson(), explicit.canonicalJson());
        assertEquals(defaulted.hash(), explicit.hash());
        assertEquals(defaulted.hash(), reordered.hash());
        assertNotEquals(defaulted.sweep(), explicit.sweep());
    }

    @Test
    void integerWrittenForANumberParameterHashesLikeTheDecimal() throws Exception {
        assertEquals(point("a", "direct", "{name: prune, sparsity: 1}", null).hash(),
                point("b", "direct", "{name: prune, sparsity: 1.0}", null).hash());
    }

    @Test
    void differentParameterOrSettingGivesADifferentHash() throws Exception {
        Point base = point("a", "{name: bsr, block_rows: 4}", "none", null);
        assertNotEquals(base.hash(), point("a", "{name: bsr, block_rows: 8}", "none", null).hash());
        assertNotEquals(base.hash(), point("a", "{name: bsr, block_rows: 4}", "none", "{seed: 43}").hash());
        assertNotEquals(base.hash(), point("a", "{name: bsr, block_rows: 4}", "int8", null).hash());
    }

    @Test
    void hashIsStableAcrossRuns() {
        Map<Axis, Choice> choices = new EnumMap<>(Axis.class);
        choices.put(Axis.DATASET, Choice.of("fashion-mnist"));
        choices.put(Axis.MODEL, Choice.of("lenet"));
        choices.put(Axis.COMPRESSION, Choice.of("none"));
        choices.put(Axis.PRIMITIVE, Choice.of("direct"));
        choices.put(Axis.CODEGEN, Choice.of("none"));
        choices.put(Axis.HARDWARE, Choice.of("jvm"));
        Point p = new Point("s", choices, Measurement.defaults());
        // Pinned: a change here means every stored result would be orphaned; bump it deliberately.
        assertEquals("{\"choices\":{\"codegen\":{\"name\":\"none\",\"params\":{}},\"compression\":{\"name\":\"none\","
                + "\"params\":{}},\"dataset\":{\"name\":\"fashion-mnist\",\"params\":{}},\"hardware\":{\"name\":\"jvm\","
                + "\"params\":{}},\"model\":{\"name\":\"lenet\",\"params\":{}},\"primitive\":{\"name\":\"direct\","
                + "\"params\":{}}},\"measure\":{\"batch\":1,\"calibration_images\":200,\"repeats\":10,\"seed\":42,"
                + "\"test_images\":1000,\"warmup\":2}}", p.canonicalJson());
        assertEquals(sha256(p.canonicalJson()), p.hash());
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void labelsAndChoiceAccess() throws Exception {
        Point p = point("a", "{name: bsr, block_rows: 2}", "none", null);
        assertEquals(List.of("dataset", "model", "compression", "primitive", "codegen", "hardware"),
                List.copyOf(p.labels().keySet()));
        assertEquals("bsr(block_cols=4,block_rows=2)", p.labels().get("primitive"));
        assertEquals(2, p.choice(Axis.PRIMITIVE).integer("block_rows"));
    }

    @Test
    void numbersAreFormattedDeterministically() {
        assertEquals("0.1", CanonicalJson.number(0.1));
        assertEquals("0.5", CanonicalJson.number(0.5));
        assertEquals("1.0", CanonicalJson.number(1.0));
        assertEquals("100.0", CanonicalJson.number(100));
        assertEquals("0.0", CanonicalJson.number(-0.0));
        assertEquals("-2.5", CanonicalJson.number(-2.5));
        assertEquals("0.30000000000000004", CanonicalJson.number(0.1 + 0.2));
        assertEquals("1E+30", CanonicalJson.number(1e30));
        assertEquals("1E-10", CanonicalJson.number(1e-10));
        assertEquals("0.0000002", CanonicalJson.number(2e-7));
        assertEquals("1E-8", CanonicalJson.number(1e-8));
        assertEquals("123456789012345680000.0", CanonicalJson.number(1.2345678901234568e20));
        assertEquals("{\"a\":[1,2.0,\"x\\\"y\\n\",true,null],\"b\":{\"c\":3}}",
                CanonicalJson.write(new java.util.LinkedHashMap<>(Map.of("b", Map.of("c", 3L),
                        "a", java.util.Arrays.asList(1, 2.0, "x\"y\n", true, null)))));
    }
}
