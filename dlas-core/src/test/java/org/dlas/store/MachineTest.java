package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void describesHostAndVersions() {
        String d = Machine.describe();
        assertTrue(d.contains(System.getProperty("os.arch")), d);
        assertTrue(d.contains(Runtime.getRuntime().availableProcessors() + " cores"), d);
        assertTrue(d.contains("max heap"), d);
        assertTrue(d.contains(System.getProperty("java.vm.version")), d);
        assertFalse(d.contains("\n"));
        String v = Machine.versions();
        assertTrue(v.startsWith("dlas dev, java 17"), v);    // classes, not a jar, in tests
    }
}
