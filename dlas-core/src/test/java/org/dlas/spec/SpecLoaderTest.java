package org.dlas.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.dlas.spec.TestCatalog.CATALOG;
import static org.dlas.spec.TestCatalog.resource;
import static org.dlas.spec.TestCatalog.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecLoaderTest {

    @TempDir
    Path dir;

    @Test
    void quickstartIsParsedIntoAxesChoicesAndSettings() throws Exception {
        Path file = resource("quickstart.yaml");
        SweepSpec spec = SpecLoader.load(file, CATALOG);

        assertEquals("quickstart", spec.name());
        assertEquals(file, spec.file());
        assertEquals(List.of(Axis.values()), List.copyOf(spec.axes().keySet()));
        assertEquals(List.of(Choice.of("fashion-mnist")), spec.choices(Axis.DATASET));
        assertEquals(List.of(Choice.of("lenet"), new Choice("resnet", Map.of("depth", 18))),
                spec.choices(Axis.MODEL), "resnet gets its default depth");
        assertEquals(List.of(Choice.of("none"),
                        new Choice("prune", Map.of("sparsity", 0.5, "scope", "layer")),
                        Choice.of("int8")),
                spec.choices(Axis.COMPRESSION));
        assertEquals(List.of(Choice.of("direct"), Choice.of("gemm"),
                        new Choice("bsr", Map.of("block_rows", 4, "block_cols", 4))),
                spec.choices(Axis.PRIMITIVE));
        assertEquals(List.of(Choice.of("none")), spec.choices(Axis.CODEGEN));
        assertEquals(List.of(new Choice("jvm", Map.of("threads", 1))), spec.choices(Axis.HARDWARE));
        assertEquals(Measurement.defaults(), spec.measure());
        assertEquals(Path.of("out/quickstart"), spec.output());

        assertEquals(2, spec.exclude().size());
        assertEquals("quickstart.yaml:14", spec.exclude().get(0).origin());
        assertEquals("{primitive: winograd, compression: int8}", spec.exclude().get(0).describe());
        assertEquals("quickstart.yaml:15", spec.exclude().get(1).origin());
        assertEquals("{model: resnet, primitive: [csr, bsr]}", spec.exclude().get(1).describe());
        assertEquals(1, spec.only().size());
        assertEquals("quickstart.yaml:17", spec.only().get(0).origin());
        assertEquals(18, spec.size());
    }

    @Test
    void defaultsForDatasetCodegenMeasureAndOutput() throws Exception {
        SweepSpec spec = SpecLoader.load(write(dir, "t.yaml", TestCatalog.BASE), CATALOG);
        assertEquals(List.of(Choice.of("fashion-mnist")), spec.choices(Axis.DATASET));
        assertEquals(List.of(Choice.of("none")), spec.choices(Axis.CODEGEN));
        assertEquals(Measurement.defaults(), spec.measure());
        assertEquals(Path.of("out", "t"), spec.output());
        assertTrue(spec.exclude().isEmpty());
        assertTrue(spec.only().isEmpty());
    }

    @Test
    void parameterValuesAreTypedByTheirParamSpec() throws Exception {
        Path f = write(dir, "t.yaml", """
                name: typed
                model: {name: mobilenet, width: 1}
                compression: {name: prune, sparsity: 1, scope: global}
                primitive: direct
                hardware: {name: fpga, clock_mhz: 150, simulate: false, pe_grid: [4, 16]}
                measure: {seed: 12345678901}
                """);
        SweepSpec spec = SpecLoader.load(f, CATALOG);
        Choice model = spec.choices(Axis.MODEL).get(0);
        assertEquals(1.0, model.params().get("width"), "an integer written for a number becomes a Double");
        Choice prune = spec.choices(Axis.COMPRESSION).get(0);
        assertEquals(Map.of("sparsity", 1.0, "scope", "global"), prune.params());
        Choice fpga = spec.choices(Axis.HARDWARE).get(0);
        assertEquals(150.0, fpga.number("clock_mhz"));
        assertEquals(false, fpga.flag("simulate"));
        assertEquals(List.of(4, 16), fpga.params().get("pe_grid"));
        assertEquals(12345678901L, spec.measure().seed());
    }

    @Test
    void includeSuppliesDefaultsThatTheFileOverridesAndMeasureMergesPerKey() throws Exception {
        SweepSpec spec = SpecLoader.load(resource("child.yaml"), CATALOG);
        assertEquals("child", spec.name());
        assertEquals(List.of(Choice.of("mnist")), spec.choices(Axis.DATASET), "dataset comes from common.yaml");
        assertEquals(List.of(new Choice("jvm", Map.of("threads", 1))), spec.choices(Axis.HARDWARE),
                "hardware is replaced whole, not merged with common.yaml's list");
        Measurement m = spec.measure();
        assertEquals(5, m.repeats(), "repeats from common.yaml");
        assertEquals(9, m.seed(), "seed overridden by child.yaml");
        assertEquals(2, m.warmup(), "warmup from the built-in defaults");
        assertEquals(1, spec.exclude().size());
        assertEquals("common.yaml:6", spec.exclude().get(0).origin(), "the rule keeps the file it was written in");
    }

    @Test
    void listOfIncludesLaterOverridesEarlier(@TempDir Path d) throws Exception {
        write(d, "one.yaml", "dataset: mnist\nmeasure: {repeats: 3, warmup: 0}\n");
        write(d, "sub/two.yaml", "dataset: cifar10\nmeasure: {repeats: 4}\n");
        Path f = write(d, "t.yaml", "include: [one.yaml, sub/two.yaml]\n" + TestCatalog.BASE);
        SweepSpec spec = SpecLoader.load(f, CATALOG);
        assertEquals(List.of(Choice.of("cifar10")), spec.choices(Axis.DATASET));
        assertEquals(4, spec.measure().repeats());
        assertEquals(0, spec.measure().warmup());
    }

    @Test
    void nestedIncludesResolveRelativeToTheIncludingFile() throws Exception {
        write(dir, "base/deep.yaml", "codegen: {name: tvm, opt_level: 3}\n");
        write(dir, "base/mid.yaml", "include: deep.yaml\ndataset: mnist\n");
        Path f = write(dir, "t.yaml", "include: base/mid.yaml\n" + TestCatalog.BASE);
        SweepSpec spec = SpecLoader.load(f, CATALOG);
        assertEquals(List.of(new Choice("tvm", Map.of("opt_level", 3))), spec.choices(Axis.CODEGEN));
        assertEquals(List.of(Choice.of("mnist")), spec.choices(Axis.DATASET));
    }

    @Test
    void diamondIncludeIsNotACycle() throws Exception {
        write(dir, "leaf.yaml", "dataset: mnist\n");
        write(dir, "left.yaml", "include: leaf.yaml\n");
        write(dir, "right.yaml", "include: leaf.yaml\n");
        Path f = write(dir, "t.yaml", "include: [left.yaml, right.yaml]\n" + TestCatalog.BASE);
        assertEquals(List.of(Choice.of("mnist")), SpecLoader.load(f, CATALOG).choices(Axis.DATASET));
    }

    @Test
    void includeCycleIsReportedWhereItCloses() {
        Path a = resource("cycle/a.yaml");
        List<SpecError> errors = SpecLoader.validate(a, CATALOG);
        assertEquals(1, errors.size(), errors::toString);
        SpecError e = errors.get(0);
        assertEquals(a.resolveSibling("c.yaml"), e.file());
        assertEquals(1, e.line());
        assertEquals(10, e.column());
        assertEquals("include", e.key());
        assertEquals("include cycle: " + a + " -> " + a.resolveSibling("b.yaml") + " -> "
                + a.resolveSibling("c.yaml") + " -> " + a, e.message());
    }

    @Test
    void selfIncludeIsACycle() {
        Path f = write(dir, "t.yaml", TestCatalog.BASE + "include: [t.yaml]\n");
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(6, errors.get(0).line());
        assertEquals(11, errors.get(0).column());
        assertEquals("include[0]", errors.get(0).key());
        assertTrue(errors.get(0).message().startsWith("include cycle: "), errors.get(0).message());
    }

    @Test
    void missingIncludeIsReportedAtTheIncludeLine() {
        Path f = write(dir, "t.yaml", TestCatalog.BASE + "include:\n  - nowhere.yaml\n");
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        assertEquals(1, errors.size(), errors::toString);
        SpecError e = errors.get(0);
        assertEquals(f, e.file());
        assertEquals(7, e.line());
        assertEquals(5, e.column());
        assertEquals("include[0]", e.key());
        assertEquals("included file not found: " + dir.resolve("nowhere.yaml"), e.message());
    }

    @Test
    void errorsInAnIncludedFileNameThatFile() {
        Path inc = write(dir, "inc.yaml", "measure:\n  warmup: -1\n");
        Path f = write(dir, "t.yaml", "include: inc.yaml\n" + TestCatalog.BASE);
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        assertEquals(1, errors.size(), errors::toString);
        SpecError e = errors.get(0);
        assertEquals(inc, e.file());
        assertEquals(2, e.line());
        assertEquals(11, e.column());
        assertEquals("measure.warmup", e.key());
        assertEquals("value -1 is out of range; expected an integer in [0, 100000]", e.message());
    }

    @Test
    void brokenIncludeDoesNotCauseMissingKeyNoise() {
        write(dir, "inc.yaml", "model: [lenet\n");
        Path f = write(dir, "t.yaml", "name: t\ninclude: inc.yaml\ncompression: none\nprimitive: direct\nhardware: jvm\n");
        List<SpecError> errors = SpecLoader.validate(f, CATALOG);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(dir.resolve("inc.yaml"), errors.get(0).file());
        assertTrue(errors.get(0).message().startsWith("YAML syntax error"), errors.get(0).message());
    }

    @Test
    void loadThrowsWithEveryErrorOnePerLine() {
        Path f = write(dir, "t.yaml", """
                name: t
                model: lenet
                compression: none
                primitive: direct
                hardware: jvm
                measure: {repeats: 0, batch: x}
                """);
        SpecException ex = assertThrows(SpecException.class, () -> SpecLoader.load(f, CATALOG));
        assertEquals(2, ex.errors().size());
        assertEquals(f + ":6:20: key 'measure.repeats': value 0 is out of range; expected an integer in [1, 100000]\n"
                + f + ":6:30: key 'measure.batch': expected an integer in [1, 10000], got string 'x'", ex.getMessage());
    }

    @Test
    void missingTopFile() {
        List<SpecError> errors = SpecLoader.validate(dir.resolve("absent.yaml"), CATALOG);
        assertEquals(List.of(new SpecError(dir.resolve("absent.yaml"), 1, 1, "", "file not found")), errors);
    }
}
