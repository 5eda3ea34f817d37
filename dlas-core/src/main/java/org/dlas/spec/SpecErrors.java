package org.dlas.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The problems found while loading one sweep file and its includes, each at its file, line, column and key; reported
 * in file order (files in the order first seen), then line and column.
 */
final class SpecErrors {
    private final List<SpecError> errors = new ArrayList<>();
    private final Map<Path, Integer> fileOrder = new HashMap<>();

    /** Notes that {@code file} is read now: its errors sort after those of the files seen before it. */
    void seen(Path file) {
        fileOrder.putIfAbsent(file, fileOrder.size());
    }

    void addAll(Collection<SpecError> found) {
        errors.addAll(found);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void error(YamlNode at, String key, String message) {
        errors.add(new SpecError(at.file(), at.line(), at.column(), key, message));
    }

    void errorAt(YamlNode.Entry at, String key, String message) {
        errors.add(new SpecError(at.file(), at.line(), at.column(), key, message));
    }

    /** A key that is not one of {@code accepted}, with the nearest accepted one when it looks misspelt. */
    void unknownKey(YamlNode.Entry e, String key, Collection<String> accepted) {
        errorAt(e, key, "unknown key; accepted: " + String.join(", ", accepted)
                + Suggest.didYouMean(e.key(), accepted));
    }

    /** The text of a non-null scalar, or null after reporting what was expected. */
    String text(YamlNode v, String key, String what) {
        if (v instanceof YamlNode.Scalar s && !s.isNull()) return s.text();
        error(v, key, "expected " + what + ", got " + YamlNode.describe(v));
        return null;
    }

    /** Every error, duplicates dropped, in file order. */
    List<SpecError> sorted() {
        List<SpecError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
        sorted.sort(Comparator.<SpecError>comparingInt(e -> fileOrder.getOrDefault(e.file(), Integer.MAX_VALUE))
                .thenComparingInt(SpecError::line).thenComparingInt(SpecError::column));
        return List.copyOf(sorted);
    }
}
