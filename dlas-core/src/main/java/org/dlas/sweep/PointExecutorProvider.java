package org.dlas.sweep;

import java.io.PrintStream;
import java.util.ServiceLoader;

import org.dlas.spec.SweepSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A cluster executor contributed by a module on the class path (listed in
 * {@code META-INF/services/org.dlas.sweep.PointExecutorProvider}), chosen by {@code dlas sweep --master URL}.
 * dlas-core knows no cluster engine; the provider brings its own.
 */
public interface PointExecutorProvider {
    /** Whether this provider runs sweeps on {@code master} (e.g. {@code spark://host:7077}, {@code local[2]}). */
    boolean accepts(String master);

    /** What masters look like, for the error when none accepts. */
    String masterSyntax();

    PointExecutor create(String master, SweepSpec spec, PrintStream out);

    /** The provider accepting {@code master}; the message names what the installed providers accept. */
    static PointExecutorProvider forMaster(String master) {
        StringBuilder known = new StringBuilder();
        for (PointExecutorProvider p : ServiceLoader.load(PointExecutorProvider.class)) {
            if (p.accepts(master)) return p;
            known.append(known.length() == 0 ? "" : ", ").append(p.masterSyntax());
        }
        throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "--master " + master + ": " + (known.length() == 0
                ? "no cluster executor on the class path (build the cluster module: mvn -q -B package -DskipTests)"
                : "not accepted; expected " + known));
    }
}
