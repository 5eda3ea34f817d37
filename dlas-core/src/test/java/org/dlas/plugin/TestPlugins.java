package org.dlas.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A class loader that sees the test resources' {@code plugins/META-INF/services} files on top of the
 * test class path: the test-only plug-ins are found only through it, so every other test sees the
 * shipped lists unchanged.
 */
public final class TestPlugins {
    private TestPlugins() { }

    public static ClassLoader loader() {
        URL dir = TestPlugins.class.getResource("/plugins/");
        if (dir == null) throw new IllegalStateException("test resource plugins/ is missing");
        return new URLClassLoader(new URL[] {dir}, TestPlugins.class.getClassLoader());
    }
}
