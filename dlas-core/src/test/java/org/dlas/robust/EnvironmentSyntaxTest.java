package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.models.ModelZoo;
import org.dlas.target.PreparedModel;

class EnvironmentSyntaxTest {

    @Test
    void plainEnvironmentsStillParse() {
        Environment e = Environment.parse("jvm/gemm/int8");
        assertEquals("jvm", e.target());
        assertEquals("gemm", e.primitive());
        assertEquals(Environment.INT8, e.precision());
        assertNull(e.codegen());
        assertEquals("none", e.codegenName());
        assertEquals("jvm/gemm/int8", e.label());
        assertEquals("jvm/direct", Environment.parse(" jvm/direct ").label());
    }

    @Test
    void settingsNameACodegenAndTypedParametersOfTargetAndCodegen() {
        Environment e = Environment.parse("test-settings[tuned,trials=16,rows=8,sparse=true]/gemm");
        assertEquals("tuned", e.codegen());
        assertEquals(Map.of("rows", 8, "sparse", true), e.targetParams());
        assertEquals(Map.of("trials", 16), e.codegenParams());
        assertEquals("test-settings[tuned,rows=8,sparse=true,trials=16]/gemm", e.label(), "codegen first, then parameters by name");
        assertEquals(e, Environment.parse(e.label()), "a label parses back to the same environment");
        assertEquals(Map.of("rows", 8, "sparse", true), e.hardwareChoice().params());
        assertEquals(Map.of("trials", 16, "cost_model", "learned"), e.codegenChoice().params(), "defaults filled for the target");
        assertEquals("test-settings/direct", Environment.parse("test-settings[]/direct").label());
    }

    @Test
    void preparingHandsTheSettingsToTheTarget() throws Exception {
        try (PreparedModel pm = Environment.parse("test-settings[rows=4]/direct").prepare(ModelZoo.trained("lenet"))) {
            assertEquals(4, SettingsTarget.lastHardware.integer("rows"));
            assertEquals("plain", SettingsTarget.lastCodegen.name());
        }
    }

    @Test
    void listsSplitOutsideBracketsAndNumberRepeats() {
        List<Environment> envs = Environment.parseAll("jvm/direct,test-settings[tuned,trials=2]/gemm,test-settings[trials=2,tuned]/gemm");
        assertEquals(List.of("jvm/direct", "test-settings[tuned,trials=2]/gemm", "test-settings[tuned,trials=2]/gemm#2"),
                envs.stream().map(Environment::label).toList());
        assertEquals(envs.get(2), Environment.parse(envs.get(2).label()));
    }

    @Test
    void unknownKeysNameTheAcceptedOnes() {
        var e = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[colums=4]/direct"));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("'colums'") && e.getMessage().contains("rows, sparse")
                && e.getMessage().contains("plain, tuned"), e.getMessage());
        var cg = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[trials=4]/direct"));
        assertEquals(ErrorKind.UNKNOWN_NAME, cg.kind());
        assertTrue(cg.getMessage().contains("plain parameters none"), cg.getMessage());
        var jvm = assertThrows(InvalidInputException.class, () -> Environment.parse("jvm[autoscheduled]/direct"));
        assertEquals(ErrorKind.UNKNOWN_NAME, jvm.kind());
        assertTrue(jvm.getMessage().contains("'autoscheduled'"), jvm.getMessage());
    }

    @Test
    void wrongTypesAndRangesAreRejected() {
        var text = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[rows=many]/direct"));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "rows"), List.of(text.kind(), text.location()));
        var range = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[tuned,trials=0]/direct"));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "trials"), List.of(range.kind(), range.location()));
        assertTrue(range.getMessage().contains("[1, 1000]"), range.getMessage());
        var choice = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[tuned,cost_model=best]/direct"));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "cost_model"), List.of(choice.kind(), choice.location()));
        assertTrue(choice.getMessage().contains("random, learned"), choice.getMessage());
        var flag = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[sparse=maybe]/direct"));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "sparse"), List.of(flag.kind(), flag.location()));
    }

    @Test
    void unknownTargetsMalformedTextAndUnsupportedPrimitivesAreRejected() {
        var target = assertThrows(InvalidInputException.class, () -> Environment.parse("tpu[opt_level=1]/direct"));
        assertEquals(ErrorKind.UNKNOWN_NAME, target.kind());
        assertTrue(target.getMessage().contains("'tpu'") && target.getMessage().contains("jvm"), target.getMessage());
        for (String malformed : List.of("jvm", "jvm[opt_level=1/direct")) {
            assertEquals(ErrorKind.BAD_FORMAT, assertThrows(InvalidInputException.class, () -> Environment.parse(malformed)).kind());
        }
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Environment.parse("jvm/direct/fp16")).kind());
        var twice = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings[rows=2,rows=3]/direct"));
        assertEquals(ErrorKind.CONFLICT, twice.kind());
        var primitive = assertThrows(InvalidInputException.class, () -> Environment.parse("test-settings/winograd"));
        assertEquals(ErrorKind.UNSUPPORTED, primitive.kind());
        assertTrue(primitive.getMessage().contains("no winograd here"), primitive.getMessage());
    }
}
