package org.dlas.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.dlas.spec.TestCatalog.BASE;
import static org.dlas.spec.TestCatalog.CATALOG;
import static org.dlas.spec.TestCatalog.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per class of error, each asserting the exact file, line, column, key and message. */
class SpecValidationTest {

    @TempDir
    Path dir;

    private Path file;

    private List<SpecError> errors(String yaml) {
        file = write(dir, "t.yaml", yaml);
        return SpecLoader.validate(file, CATALOG);
    }

    private SpecError single(String yaml) {
        List<SpecError> errors = errors(yaml);
        assertEquals(1, errors.size(), () -> "expected one error, got: " + errors);
        return errors.get(0);
    }

    private void assertError(SpecError e, int line, int column, String key, String message) {
        assertEquals(file, e.file(), e::toString);
        assertEquals(line, e.line(), () -> "line of " + e);
        assertEquals(column, e.column(), () -> "column of " + e);
        assertEquals(key, e.key(), () -> "key of " + e);
        assertEquals(message, e.message());
    }

    // ------------------------------------------------------------------ syntax

    @Test
    void yamlSyntaxErrorCarriesTheParsersPosition() {
        SpecError e = single("""
                name: t
                model: [lenet, resnet
                compression: none
                """);
        assertEquals(3, e.line(), e::toString);
        assertEquals(12, e.column(), e::toString);
        assertEquals("model", e.key());
        assertTrue(e.message().startsWith("YAML syntax error: expected ',' or ']'"), e.message());
        assertTrue(e.message().contains("while parsing a flow sequence at line 2, column 8"), e.message());
    }

    @Test
    void badIndentationIsASyntaxError() {
        SpecError e = single("name: t\nmeasure:\n  warmup: 1\n   repeats: 2\n");
        assertEquals(4, e.line(), e::toString);
        assertEquals(11, e.column(), e::toString);
        assertEquals("measure", e.key());
        assertTrue(e.message().startsWith("YAML syntax error: mapping values are not allowed here"), e.message());
    }

    @Test
    void topLevelMustBeAMapping() {
        assertError(single("- lenet\n- resnet\n"), 1, 1, "",
                "a sweep file is a mapping of keys (name, the axes, measure, ...), found a list");
    }

    @Test
    void emptyFile() {
        assertError(single("# nothing here\n"), 1, 1, "",
                "the file is empty; a sweep file is a mapping with at least 'name' and the axes");
    }

    @Test
    void onlyOneDocumentPerFile() {
        SpecError e = single(BASE + "---\nname: other\n");
        assertError(e, 7, 1, "", "only one YAML document per file is allowed (found another after '---')");
    }

    // ------------------------------------------------------------------ unknown keys

    @Test
    void unknownTopLevelKeySuggestsTheNearest() {
        SpecError e = single("""
                name: t
                model: lenet
                compression: none
                primitve: direct
                hardware: jvm
                """);
        assertError(e, 4, 1, "primitve", "unknown key; accepted: name, include, dataset, model, compression, "
                + "primitive, codegen, hardware, measure, output, exclude, only; did you mean 'primitive'?");
        assertEquals(file + ":4:1: key 'primitve': unknown key; accepted: name, include, dataset, model, "
                + "compression, primitive, codegen, hardware, measure, output, exclude, only; "
                + "did you mean 'primitive'?", e.toString());
    }

    @Test
    void unknownKeyFarFromAnyHasNoSuggestion() {
        assertError(single(BASE + "colour: blue\n"), 6, 1, "colour", "unknown key; accepted: name, include, "
                + "dataset, model, compression, primitive, codegen, hardware, measure, output, exclude, only");
    }

    @Test
    void unknownKeyInMeasure() {
        assertError(single(BASE + "measure:\n  warmup: 1\n  repaets: 5\n"), 8, 3, "measure.repaets",
                "unknown key; accepted: warmup, repeats, test_images, batch, seed, timeout_s, calibration_images; "
                        + "did you mean 'repeats'?");
    }

    @Test
    void unknownParameterOfAChoice() {
        assertError(single("""
                name: t
                model: lenet
                compression: none
                primitive: [direct, {name: bsr, block_row: 2}]
                hardware: jvm
                """), 4, 33, "primitive[1].block_row",
                "unknown parameter of primitive 'bsr'; accepted: name, block_rows, block_cols; "
                        + "did you mean 'block_rows'?");
    }

    @Test
    void parameterOnAChoiceThatTakesNone() {
        assertError(single("""
                name: t
                model: lenet
                compression: {name: int8, bits: 4}
                primitive: direct
                hardware: jvm
                """), 3, 27, "compression.bits",
                "unknown key; compression 'int8' takes no parameters (accepted: name)");
    }

    @Test
    void unknownKeyInARule() {
        assertError(single(BASE + "exclude:\n  - {model: resnet, primitve: csr}\n"), 7, 21, "exclude[0].primitve",
                "unknown key; accepted: dataset, model, compression, primitive, codegen, hardware; "
                        + "did you mean 'primitive'?");
    }

    // ------------------------------------------------------------------ wrong types

    @Test
    void stringWhereIntegerExpected() {
        assertError(single(BASE + "measure: {repeats: ten}\n"), 6, 20, "measure.repeats",
                "expected an integer in [1, 100000], got string 'ten'");
    }

    @Test
    void listWhereMappingExpected() {
        assertError(single(BASE + "measure: [1, 2]\n"), 6, 10, "measure",
                "expected a mapping of settings (warmup, repeats, test_images, batch, seed, timeout_s, "
                        + "calibration_images), got a list");
    }

    @Test
    void nonIntegerForIntegerParameter() {
        assertError(single("""
                name: t
                model: lenet
                compression: none
                primitive: {name: bsr, block_rows: 2.5}
                hardware: jvm
                """), 4, 36, "primitive.block_rows", "expected an integer in [1, 64], got number 2.5");
    }

    @Test
    void numberOutOfRange() {
        assertError(single("""
                name: t
                model: lenet
                compression: none
                primitive:
                  - name: bsr
                    block_cols: 100
                hardware: jvm
                """), 6, 17, "primitive[0].block_cols", "value 100 is out of range; expected an integer in [1, 64]");
    }

    @Test
    void quotedNumberIsAStringNotANumber() {
        assertError(single("""
                name: t
                model: lenet
                compression: {name: prune, sparsity: '0.5'}
                primitive: direct
                hardware: jvm
                """), 3, 38, "compression.sparsity", "expected a number in [0, 1], got string '0.5'");
    }

    @Test
    void stringNotInAllowedList() {
        assertError(single("""
                name: t
                model: lenet
                compression: {name: prune, sparsity: 0.5, scope: globl}
                primitive: direct
                hardware: jvm
                """), 3, 50, "compression.scope", "'globl' is not one of: layer, global; did you mean 'global'?");
    }

    @Test
    void booleanParameter() {
        assertError(single("""
                name: t
                model: lenet
                compression: none
                primitive: direct
                hardware: {name: fpga, simulate: maybe}
                """), 5, 34, "hardware.simulate", "expected true or false, got string 'maybe'");
    }

    @Test
    void nonFiniteNumber() {
        assertError(single("""
                name: t
                model: {name: mobilenet, width: .inf}
                compression: none
                primitive: direct
                hardware: jvm
                """), 2, 33, "model.width", "expected a finite number in [0.25, 2], got .inf");
    }

    @Test
    void invalidSweepName() {
        assertError(single(BASE.replace("name: t", "name: Quick Start")), 1, 7, "name",
                "'Quick Start' is not a valid sweep name; use lower-case letters, digits, '_' and '-' ([a-z0-9_-]+)");
    }

    @Test
    void rulesMustBeAListOfMappings() {
        assertError(single(BASE + "exclude: {model: lenet}\n"), 6, 10, "exclude",
                "expected a list of rules, each a mapping such as {primitive: winograd, compression: int8}, "
                        + "got a mapping");
    }

    // ------------------------------------------------------------------ empty and null

    @Test
    void emptyAxis() {
        assertError(single(BASE.replace("model: lenet", "model: []")), 2, 8, "model",
                "empty list; give at least one model (accepted: lenet, mobilenet, resnet)");
    }

    @Test
    void nullAxis() {
        assertError(single(BASE.replace("model: lenet", "model:")), 2, 7, "model",
                "no value; expected a model name (accepted: lenet, mobilenet, resnet) or a {name: ..., <param>: ...} "
                        + "mapping");
    }

    @Test
    void nullInsideAnAxisList() {
        assertError(single(BASE.replace("model: lenet", "model:\n  - lenet\n  -\n")), 4, 4, "model[1]",
                "no value; expected a model name (accepted: lenet, mobilenet, resnet) or a {name: ..., <param>: ...} "
                        + "mapping");
    }

    @Test
    void emptyOnlyWouldSkipEverything() {
        assertError(single(BASE + "only: []\n"), 6, 7, "only",
                "empty list: every point would be skipped; remove 'only' or add a rule");
    }

    @Test
    void missingRequiredAxis() {
        assertError(single("name: t\nmodel: lenet\ncompression: none\nprimitive: direct\n"), 1, 1, "hardware",
                "missing required key 'hardware'; accepted hardware names: fpga, jvm");
    }

    // ------------------------------------------------------------------ names and parameters from the catalog

    @Test
    void unknownModelNameSuggestsTheNearest() {
        assertError(single(BASE.replace("model: lenet", "model: [lenet, resnt]")), 2, 16, "model[1]",
                "unknown model 'resnt'; accepted: lenet, mobilenet, resnet; did you mean 'resnet'?");
    }

    @Test
    void unknownNameInAMapping() {
        assertError(single(BASE.replace("hardware: jvm", "hardware: {name: gpu}")), 5, 18, "hardware.name",
                "unknown hardware 'gpu'; accepted: fpga, jvm");
    }

    @Test
    void unknownNameInARuleIsAnError() {
        assertError(single(BASE + "exclude:\n  - {primitive: [csr, winogard]}\n"), 7, 23, "exclude[0].primitive[1]",
                "unknown primitive 'winogard'; accepted: bsr, csr, direct, gemm, winograd; did you mean 'winograd'?");
    }

    @Test
    void missingRequiredParameter() {
        assertError(single(BASE.replace("compression: none", "compression: [none, prune]")), 3, 21,
                "compression[1]", "missing required parameter 'sparsity' of compression 'prune' (a number in [0, 1]: "
                        + "fraction of weights set to zero); write it as {name: prune, sparsity: ...}");
    }

    @Test
    void choiceMappingNeedsAName() {
        assertError(single(BASE.replace("primitive: direct", "primitive: {block_rows: 2}")), 4, 12, "primitive",
                "missing key 'name' (the primitive name; accepted: bsr, csr, direct, gemm, winograd)");
    }

    @Test
    void duplicateChoiceOnAnAxis() {
        assertError(single(BASE.replace("primitive: direct",
                        "primitive: [bsr, direct, {name: bsr, block_rows: 4}]")), 4, 26, "primitive[2]",
                "duplicate primitive bsr(block_cols=4,block_rows=4) (already listed at line 4, column 13)");
    }

    // ------------------------------------------------------------------ duplicates, tags, limits

    @Test
    void duplicateKey() {
        assertError(single(BASE + "model: resnet\n"), 6, 1, "model",
                "duplicate key; 'model' is already set at line 2, column 1");
    }

    @Test
    void duplicateKeyInsideAChoice() {
        assertError(single(BASE.replace("primitive: direct", "primitive: {name: bsr, block_rows: 2, block_rows: 3}")),
                4, 39, "primitive.block_rows", "duplicate key; 'block_rows' is already set at line 4, column 24");
    }

    @Test
    void explicitTagsAreRejected() {
        List<SpecError> errors = errors("""
                name: t
                model: !!python/object/apply:os.system lenet
                compression: !!java.net.URL none
                primitive: !custom {name: direct}
                hardware: !!str jvm
                """);
        assertEquals(4, errors.size(), errors::toString);
        assertError(errors.get(0), 2, 8, "model",
                "YAML tags are not allowed (found '!!python/object/apply:os.system'); write plain values");
        assertError(errors.get(1), 3, 14, "compression",
                "YAML tags are not allowed (found '!!java.net.URL'); write plain values");
        assertError(errors.get(2), 4, 12, "primitive", "YAML tags are not allowed (found '!custom'); write plain values");
        assertError(errors.get(3), 5, 11, "hardware", "YAML tags are not allowed (found '!!str'); write plain values");
    }

    @Test
    void tagOnAKeyIsRejected() {
        assertError(single(BASE + "!!str measure: {}\n"), 6, 1, "measure",
                "YAML tags are not allowed (found '!!str'); write plain values");
    }

    @Test
    void aliasesWorkWithinLimits() throws Exception {
        file = write(dir, "t.yaml", """
                name: t
                model: lenet
                compression: none
                primitive: &sparse [csr, bsr]
                hardware: jvm
                exclude:
                  - {model: lenet, primitive: *sparse}
                """);
        SweepSpec spec = SpecLoader.load(file, CATALOG);
        assertEquals("{model: lenet, primitive: [csr, bsr]}", spec.exclude().get(0).describe());
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder y = new StringBuilder(BASE + "x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 6; i++) {
            y.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            y.append("]\n");
        }
        SpecError e = single(y.toString());
        assertEquals(10, e.line(), e::toString);
        assertEquals("x4[7]", e.key(), "x4 is the first list whose expansion passes the limit");
        assertEquals("the document holds more than 100000 values (counting what each alias expands to); "
                + "sweep files must be small", e.message());
    }

    @Test
    void undefinedAliasIsAnError() {
        List<SpecError> errors = errors(BASE.replace("model: lenet", "model: *nothing"));
        assertError(errors.get(0), 2, 8, "model",
                "alias '*nothing' does not refer to an anchor defined before it (anchors cannot refer to themselves)");
    }

    @Test
    void oversizedFileIsRefused() {
        String big = BASE + "# " + "x".repeat(YamlReader.MAX_BYTES) + "\n";
        assertError(single(big), 1, 1, "", "the file is " + (big.length()) + " bytes; sweep files are limited to "
                + YamlReader.MAX_BYTES + " bytes (1 MiB)");
    }

    @Test
    void everyErrorIsReportedInFileOrder() {
        List<SpecError> errors = errors("""
                name: t
                model: [lenet, resnt]
                compression: {name: prune, sparsity: 2}
                primitive: direct
                hardware: jvm
                measure: {warmup: -1}
                extra: 1
                """);
        assertEquals(List.of("model[1]", "compression.sparsity", "measure.warmup", "extra"),
                errors.stream().map(SpecError::key).toList());
        assertEquals(List.of(2, 3, 6, 7), errors.stream().map(SpecError::line).toList());
    }

    @Test
    void validFileHasNoErrors() {
        assertEquals(List.of(), errors(BASE));
        assertEquals(List.of(), SpecLoader.validate(TestCatalog.resource("quickstart.yaml"), CATALOG));
    }

    @Test
    void listParameter() {
        assertError(single(BASE.replace("hardware: jvm", "hardware: {name: fpga, pe_grid: 4}")), 5, 33,
                "hardware.pe_grid", "expected a list, got integer 4");
        assertError(single(BASE.replace("hardware: jvm", "hardware: {name: fpga, pe_grid: [4, [1]]}")), 5, 37,
                "hardware.pe_grid[1]", "expected a plain value (string, number or boolean), got a list");
    }

    @Test
    void integerTooLargeForItsType() {
        assertError(single(BASE + "measure: {batch: 99999999999}\n"), 6, 18, "measure.batch",
                "value 99999999999 does not fit in a 32-bit integer; expected an integer in [1, 10000]");
    }

    @Test
    void defaultChoiceMissingFromTheCatalog() {
        ChoiceCatalog noFashion = MapChoiceCatalog.builder()
                .add(Axis.DATASET, "mnist").add(Axis.MODEL, "lenet").add(Axis.COMPRESSION, "none")
                .add(Axis.PRIMITIVE, "direct").add(Axis.CODEGEN, "none").add(Axis.HARDWARE, "jvm").build();
        file = write(dir, "t.yaml", BASE);
        assertEquals(List.of(new SpecError(file, 1, 1, "dataset",
                        "'dataset' is not set and its default 'fashion-mnist' is not available; set it to one of: mnist")),
                SpecLoader.validate(file, noFashion));
    }

    @Test
    void suggestionsNeedACloseMatch() {
        assertEquals(java.util.Optional.of("repeats"), Suggest.nearest("repeat", SpecLoader.MEASURE_KEYS));
        assertEquals(java.util.Optional.of("seed"), Suggest.nearest("Seed", SpecLoader.MEASURE_KEYS));
        assertEquals(java.util.Optional.empty(), Suggest.nearest("xyz", SpecLoader.MEASURE_KEYS));
        assertEquals(java.util.Optional.of("csr"), Suggest.nearest("cs", List.of("csr", "bsr", "gemm")));
        assertEquals(java.util.Optional.empty(), Suggest.nearest("ab", List.of("csr", "bsr", "gemm")));
    }

    @Test
    void deepNestingIsRefused() {
        SpecError e = single(BASE + "x: " + "[".repeat(100) + "]".repeat(100) + "\n");
        assertEquals(6, e.line(), e::toString);
        assertEquals(4 + 64, e.column(), e::toString);
        assertEquals("values are nested deeper than 64 levels", e.message());
    }
}
