package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.models.ModelZoo;
import org.dlas.plugin.NamedPlugins;
import org.junit.jupiter.api.Test;

/**
 * A design space is one class plus one services line: the test-only GridDesignSpace, listed in the
 * test resources' plugins/META-INF/services (seen only through this class loader), is explored like
 * the shipped ones.
 */
class DesignSpacePluginTest {
    private static NamedPlugins<DesignSpace> registry() {
        URL plugins = DesignSpacePluginTest.class.getResource("/plugins/");
        return NamedPlugins.load(DesignSpace.class, new URLClassLoader(new URL[] {plugins}, DesignSpacePluginTest.class.getClassLoader()), DesignSpace::name);
    }

    @Test void pluginIsFoundAfterTheShippedSpacesAndExploredToItsOptimum() {
        NamedPlugins<DesignSpace> registry = registry();
        assertEquals(List.of("maeri", "systolic", "sigma", "test-grid"), registry.names());
        assertFalse(DesignSpaces.names().contains("test-grid"), "the shipped registry must not see the test plug-in");

        double budget = 12;
        ExploreSpec spec = new ExploreSpec("test-grid", "cycles", budget, 1, 4);
        List<Explorer.ModelLayer> layers = Explorer.layers(ModelZoo.trained("lenet"));
        ExploreResult r = new Explorer().explore("lenet", DesignSpaces.get(registry, "test-grid").search(layers, spec), spec, null);

        // the optimum by hand: every (a, b) within a + 2b <= budget
        long optimum = Long.MAX_VALUE;
        int bestA = 0, bestB = 0;
        for (int a : GridDesignSpace.OPTIONS) for (int b : GridDesignSpace.OPTIONS) {
            if (a + 2.0 * b > budget) continue;
            long cycles = 0;
            for (Explorer.ModelLayer l : layers) cycles += l.shape().macs() / ((long) a * b) + 100L * a;
            if (cycles < optimum) { optimum = cycles; bestA = a; bestB = b; }
        }
        assertEquals(64, r.spaceSize());
        assertEquals(optimum, r.exhaustiveOptimum().longValue());
        assertEquals("grid(a=" + bestA + ", b=" + bestB + ")", r.exhaustiveDesign().hardware());
        assertEquals(optimum, r.best().objective(), "OptaPlanner on 64 designs finds the optimum");
        assertTrue(r.best().feasible() && r.best().areaMm2() <= budget);
        assertTrue(r.speedupOverDefault() > 1, "the default (1, 1) is slower");
        assertEquals(layers.size(), r.best().layers().size());
    }

    @Test void unknownAcceleratorListsThePlugin() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DesignSpaces.get(registry(), "tpu"));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("maeri, systolic, sigma, test-grid"), e.getMessage());
    }
}
