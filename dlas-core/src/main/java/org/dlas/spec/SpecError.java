package org.dlas.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a sweep file.
 *
 * @param file    the file the problem is in (an included file when it is there), as the user
 *                named it or as resolved relative to the including file
 * @param line    1-based line; 1 for problems with the whole file (missing, empty, too large)
 * @param column  1-based column
 * @param key     where in the document: a path such as {@code primitive}, {@code measure.warmup},
 *                {@code compression[1].sparsity}, {@code exclude[0].model}; empty when the
 *                problem is not under any key (e.g. an empty file)
 * @param message what is wrong and, where possible, what is accepted
 */
public record SpecError(Path file, int line, int column, String key, String message) {

    public SpecError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        key = key == null ? "" : key;
    }

    /** {@code configs/quick.yaml:12:5: key 'primitve': unknown key; accepted: ...}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + message;
    }
}
