package org.dlas.testing;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class NoSkipsOnCiTest {

    @Test
    void aSkipFailsOnCiAndStaysASkipElsewhere() {
        TestAbortedException skip = new TestAbortedException("SystemC worker not built");
        AssertionFailedError onCi = assertThrows(AssertionFailedError.class, () -> NoSkipsOnCi.rethrow(skip, true));
        assertTrue(onCi.getMessage().contains("CI=true") && onCi.getMessage().contains("SystemC worker not built"), onCi.getMessage());
        assertSame(skip, assertThrows(TestAbortedException.class, () -> NoSkipsOnCi.rethrow(skip, false)));
        IllegalStateException failure = new IllegalStateException("a real failure");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> NoSkipsOnCi.rethrow(failure, true)));
    }

    @Test
    void theExtensionIsActiveForThisModulesTests() {
        // autodetection registered it: an assumption failing here is routed through it (checked by CI's own run)
        assertTrue(getClass().getClassLoader().getResource("META-INF/services/org.junit.jupiter.api.extension.Extension") != null);
        assertTrue(String.valueOf(getClass().getClassLoader().getResource("junit-platform.properties")).endsWith("junit-platform.properties"));
    }
}
