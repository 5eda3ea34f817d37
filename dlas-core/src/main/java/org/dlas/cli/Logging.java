package org.dlas.cli;

import java.util.List;

/**
 * The log level of the {@code dlas} command line. dlas and its libraries log through SLF4J into its
 * simple binding, quiet by default (WARN, from {@code simplelogger.properties}); {@code --verbose}
 * lowers it to DEBUG. The binding reads its level once, when the first logger is made, so this
 * runs before anything else in {@link Dlas#main}. A level given with
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=...} wins over both.
 */
public final class Logging {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() { }

    /** Sets the level from the command line's arguments, before the first logger exists. */
    static void configure(List<String> args) {
        if (args.contains(ErrorHandler.VERBOSE) && System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, "debug");
        }
    }
}
