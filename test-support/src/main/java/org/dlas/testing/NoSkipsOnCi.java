package org.dlas.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true} a test that would skip because something it needs is missing (an assumption: SystemC, the
 * native build, ONNX's test data...) fails instead, since CI installs everything; elsewhere it still skips, saying
 * why. Registered for every test of this module through {@code META-INF/services} and
 * {@code junit-platform.properties} (extension autodetection).
 */
public final class NoSkipsOnCi implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    static boolean onCi() { return "true".equals(System.getenv("CI")); }

    private static void rethrow(Throwable t) throws Throwable { rethrow(t, onCi()); }

    static void rethrow(Throwable t, boolean ci) throws Throwable {
        if (t instanceof TestAbortedException && ci) {
            throw new AssertionFailedError("skipped, which CI=true does not allow (install what it needs; .ci/run does): "
                    + t.getMessage(), t);
        }
        throw t;
    }

    @Override public void handleTestExecutionException(ExtensionContext c, Throwable t) throws Throwable { rethrow(t); }

    @Override public void handleBeforeAllMethodExecutionException(ExtensionContext c, Throwable t) throws Throwable { rethrow(t); }

    @Override public void handleBeforeEachMethodExecutionException(ExtensionContext c, Throwable t) throws Throwable { rethrow(t); }

    @Override public void handleAfterEachMethodExecutionException(ExtensionContext c, Throwable t) throws Throwable { rethrow(t); }

    @Override public void handleAfterAllMethodExecutionException(ExtensionContext c, Throwable t) throws Throwable { rethrow(t); }
}
