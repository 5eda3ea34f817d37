package org.dlas.cli;

import picocli.CommandLine;
import org.dlas.store.Machine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
        return new String[] {"dlas " + Machine.versions(), Machine.describe()};
    }
}
