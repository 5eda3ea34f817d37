package org.dlas.cli;

/**
 * A {@code dlas} subcommand contributed by a plug-in module (e.g. {@code explore} from the tuner).
 * Implementations are picocli {@code @Command} classes listed in
 * {@code META-INF/services/org.dlas.cli.CommandPlugin}; they are added when present on the class path.
 */
public interface CommandPlugin { }
