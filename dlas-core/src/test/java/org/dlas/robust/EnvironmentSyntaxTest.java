package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
        var e = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[colums=4]/direct"));
        assertTrue(e.getMessage().contains("no parameter 'colums'") && e.getMessage().contains("rows, sparse")
                && e.getMessage().contains("plain, tuned"), e.getMessage());
        var cg = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[trials=4]/direct"));
        assertTrue(cg.getMessage().contains("code generation 'plain'") && cg.getMessage().contains("plain parameters none"), cg.getMessage());
        var jvm = assertThrows(IllegalArgumentException.class, () -> Environment.parse("jvm[autoscheduled]/direct"));
        assertTrue(jvm.getMessage().contains("no code generation 'autoscheduled'") && jvm.getMessage().contains("none"), jvm.getMessage());
    }

    @Test
    void wrongTypesAndRangesAreRejected() {
        var text = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[rows=many]/direct"));
        assertTrue(text.getMessage().contains("'rows' must be a number, got 'many'"), text.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[tuned,trials=0]/direct"));
        assertTrue(range.getMessage().contains("'trials' must be in [1, 1000]"), range.getMessage());
        var choice = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[tuned,cost_model=best]/direct"));
        assertTrue(choice.getMessage().contains("must be one of random, learned"), choice.getMessage());
        var flag = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[sparse=maybe]/direct"));
        assertTrue(flag.getMessage().contains("must be true or false"), flag.getMessage());
    }

    @Test
    void unknownTargetsMalformedTextAndUnsupportedPrimitivesAreRejected() {
        var target = assertThrows(IllegalArgumentException.class, () -> Environment.parse("tpu[opt_level=1]/direct"));
        assertTrue(target.getMessage().contains("unknown hardware target 'tpu'") && target.getMessage().contains("jvm"), target.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Environment.parse("jvm"));
        assertThrows(IllegalArgumentException.class, () -> Environment.parse("jvm[opt_level=1/direct"));
        assertThrows(IllegalArgumentException.class, () -> Environment.parse("jvm/direct/fp16"));
        var twice = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings[rows=2,rows=3]/direct"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        var primitive = assertThrows(IllegalArgumentException.class, () -> Environment.parse("test-settings/winograd"));
        assertTrue(primitive.getMessage().contains("no winograd here"), primitive.getMessage());
    }
}
