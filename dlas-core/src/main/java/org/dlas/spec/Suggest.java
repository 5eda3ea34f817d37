package org.dlas.spec;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean" for misspelt keys and names, by Levenshtein distance. */
final class Suggest {

    private Suggest() {}

    /** Allowed edits: 1 for words of up to 3 characters, 2 up to 8, then 3. */
    static int threshold(String given) {
        int n = given.length();
        return n <= 3 ? 1 : n <= 8 ? 2 : 3;
    }

    /**
     * The closest candidate within {@link #threshold}, comparing case-insensitively; ties go to the
     * alphabetically first candidate. Empty when nothing is close or {@code given} is a candidate.
     */
    static Optional<String> nearest(String given, Collection<String> candidates) {
        if (given == null || candidates.contains(given)) return Optional.empty();
        int limit = threshold(given);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new TreeSet<>(candidates)) {
            int d = distance.apply(g, c.toLowerCase(Locale.ROOT));
            if (d >= 0 && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    static String didYouMean(String given, Collection<String> candidates) {
        return nearest(given, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }
}
