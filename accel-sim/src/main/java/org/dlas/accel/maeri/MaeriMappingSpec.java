package org.dlas.accel.maeri;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The {@code mapping} parameter of the {@code maeri} target: explicit {@link MaeriMapping}s per layer.
 *
 * <pre>
 *   stem.conv: T_C=1 T_K=4 T_Y'=7; fc: auto; *: T_K=8
 * </pre>
 *
 * Entries are separated by {@code ;}, each {@code <layer>: <tiles>} where {@code <layer>} is a
 * conv/dense node name or {@code *} (every conv/dense layer not named), and {@code <tiles>} is
 * {@code auto} (the automatic mapping, {@link MaeriMapper#best}) or assignments {@code T=value}
 * separated by spaces or commas, T one of T_R, T_S, T_C, T_K, T_G, T_N, T_X', T_Y'. <b>Tiles not
 * given are 1</b> (not the automatic mapping's values: the mapping is exactly what is written).
 * Layers neither named nor covered by {@code *} use the automatic mapping. The empty string
 * means automatic everywhere.
 */
public final class MaeriMappingSpec {
    /** Tile names, in {@link MaeriMapping}'s component order. */
    public static final List<String> TILES = List.of("T_R", "T_S", "T_C", "T_K", "T_G", "T_N", "T_X'", "T_Y'");
    public static final String WILDCARD = "*";

    private static final MaeriMappingSpec AUTO = new MaeriMappingSpec("", Map.of());

    private final String text;
    /** Layer name (or *) -> mapping; null value = auto. */
    private final Map<String, MaeriMapping> entries;

    private MaeriMappingSpec(String text, Map<String, MaeriMapping> entries) {
        this.text = text;
        this.entries = entries;
    }

    /** Automatic mapping on every layer. */
    public static MaeriMappingSpec auto() { return AUTO; }

    /**
     * Parses the parameter's text.
     *
     * @throws IllegalArgumentException saying what was expected where the text breaks the syntax
     */
    public static MaeriMappingSpec parse(String text) {
        if (text == null || text.isBlank()) return AUTO;
        Map<String, MaeriMapping> entries = new LinkedHashMap<>();
        String[] parts = text.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) continue; // allow "a: ...;" and ";;"
            String where = "entry " + (i + 1) + " '" + part + "'";
            int colon = part.lastIndexOf(':');
            if (colon < 0) throw syntax(text, where + ": expected '<layer>: <tiles>' (a layer name or *, a colon, then T_K=4 ... or auto)");
            String layer = part.substring(0, colon).trim();
            String body = part.substring(colon + 1).trim();
            if (layer.isEmpty()) throw syntax(text, where + ": expected a layer name or * before ':'");
            if (layer.chars().anyMatch(Character::isWhitespace)) {
                throw syntax(text, where + ": expected one layer name before ':', got '" + layer + "' (separate entries with ';')");
            }
            if (entries.containsKey(layer)) throw syntax(text, where + ": layer '" + layer + "' is given twice");
            if (body.isEmpty()) throw syntax(text, where + ": expected tiles after '" + layer + ":' (e.g. T_C=1 T_K=4) or auto");
            if (body.equalsIgnoreCase("auto")) {
                entries.put(layer, null);
                continue;
            }
            int[] t = {1, 1, 1, 1, 1, 1, 1, 1};
            boolean[] seen = new boolean[t.length];
            for (String a : body.split("[\\s,]+")) {
                int eq = a.indexOf('=');
                if (eq < 0) throw syntax(text, where + ": expected <tile>=<integer> (tiles " + String.join(", ", TILES) + "), got '" + a + "'");
                String tile = a.substring(0, eq).trim();
                String value = a.substring(eq + 1).trim();
                int idx = TILES.indexOf(tile.toUpperCase(java.util.Locale.ROOT));
                if (idx < 0) throw syntax(text, where + ": unknown tile '" + tile + "', expected one of " + String.join(", ", TILES));
                if (seen[idx]) throw syntax(text, where + ": tile " + TILES.get(idx) + " is given twice");
                seen[idx] = true;
                try {
                    t[idx] = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw syntax(text, where + ": expected an integer after " + TILES.get(idx) + "=, got '" + value + "'");
                }
                if (t[idx] < 1) throw syntax(text, where + ": " + TILES.get(idx) + " must be >= 1, got " + t[idx]);
            }
            entries.put(layer, new MaeriMapping(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]));
        }
        return entries.isEmpty() ? AUTO : new MaeriMappingSpec(text.trim(), Collections.unmodifiableMap(entries));
    }

    private static IllegalArgumentException syntax(String text, String msg) {
        return new InvalidInputException(ErrorKind.BAD_FORMAT, "maeri mapping \"" + text + "\": " + msg).at("mapping");
    }

    /** True when every layer uses the automatic mapping. */
    public boolean isAuto() { return entries.isEmpty() || entries.values().stream().allMatch(m -> m == null); }

    /** The explicit mapping of a layer, or null when the layer uses the automatic mapping. */
    public MaeriMapping forLayer(String layer) {
        if (entries.containsKey(layer)) return entries.get(layer);
        return entries.get(WILDCARD);
    }

    /** Named entries (not *), in the text's order; a null value is {@code auto}. */
    public Map<String, MaeriMapping> entries() { return entries; }

    /**
     * Checks that every named layer is one of the model's conv/dense layers.
     *
     * @throws IllegalArgumentException listing the model's conv/dense layer names
     */
    public void checkLayers(List<String> macLayers) {
        for (String layer : entries.keySet()) {
            if (!layer.equals(WILDCARD) && !macLayers.contains(layer)) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "maeri mapping names layer '" + layer + "', which is not a conv/dense layer of the model;"
                        + " its conv/dense layers are: " + String.join(", ", macLayers) + " (or * for every layer not named)").at("mapping");
            }
        }
    }

    /** The text as given (empty for automatic). */
    @Override public String toString() { return text; }
}
