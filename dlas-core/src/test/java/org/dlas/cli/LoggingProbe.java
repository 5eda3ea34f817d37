package org.dlas.cli;

import java.util.List;

import org.slf4j.LoggerFactory;

/** Configures logging from its arguments as {@code dlas} does and prints whether DEBUG is on. */
public final class LoggingProbe {
    private LoggingProbe() { }

    public static void main(String[] args) {
        Logging.configure(List.of(args));
        System.out.println("debug=" + LoggerFactory.getLogger(LoggingProbe.class).isDebugEnabled());
    }
}
