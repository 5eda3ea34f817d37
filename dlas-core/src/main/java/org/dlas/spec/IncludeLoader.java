package org.dlas.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a sweep file and the files it includes, depth first, into one merged mapping whose nodes keep the file, line
 * and column they came from. Refuses cycles, missing or non-YAML files, and more than
 * {@link SpecLoader#MAX_INCLUDES} includes or {@link SpecLoader#MAX_INCLUDE_DEPTH} levels.
 */
final class IncludeLoader {
    private final SpecErrors errors;
    /** Files loaded through {@code include} so far, counting repeats: bounds diamond-shaped include trees. */
    private int includesLoaded;
    private boolean includeLimitHit;
    /** An include could not be loaded: keys it might have provided are not reported missing. */
    private boolean incomplete;

    IncludeLoader(SpecErrors errors) {
        this.errors = errors;
    }

    /** {@code file} with its includes merged in, or null when it could not be read as a mapping. */
    YamlNode.Mapping load(Path file) {
        return loadMerged(file, new ArrayList<>(), new ArrayList<>());
    }

    /** Whether an include could not be loaded (keys it might have provided are then not reported missing). */
    boolean incomplete() {
        return incomplete;
    }

    private YamlNode.Mapping loadMerged(Path file, List<Path> chain, List<Path> shownChain) {
        errors.seen(file);
        YamlReader.Result read = YamlReader.read(file);
        errors.addAll(read.errors());
        if (read.root() == null) return null;
        if (!(read.root() instanceof YamlNode.Mapping root)) {
            errors.error(read.root(), "", "a sweep file is a mapping of keys (name, the axes, measure, ...), found "
                    + YamlNode.describe(read.root()));
            return null;
        }
        List<Path> myChain = new ArrayList<>(chain);
        myChain.add(identity(file));
        List<Path> myShown = new ArrayList<>(shownChain);
        myShown.add(file);

        Map<String, YamlNode.Entry> merged = new LinkedHashMap<>();
        YamlNode.Entry include = root.get("include");
        if (include != null) {
            for (Map.Entry<String, YamlNode.Scalar> ref : includeRefs(include).entrySet()) {
                YamlNode.Mapping sub = loadInclude(file, ref.getKey(), ref.getValue(), myChain, myShown);
                if (sub == null) {
                    incomplete = true;
                } else {
                    mergeInto(merged, sub.entries());
                }
            }
        }
        Map<String, YamlNode.Entry> own = new LinkedHashMap<>(root.entries());
        own.remove("include");
        mergeInto(merged, own);
        return new YamlNode.Mapping(file, root.line(), root.column(), merged);
    }

    /** Key path → the scalar naming an included file. */
    private Map<String, YamlNode.Scalar> includeRefs(YamlNode.Entry include) {
        Map<String, YamlNode.Scalar> refs = new LinkedHashMap<>();
        YamlNode v = include.value();
        if (v instanceof YamlNode.Scalar s && !s.isNull()) {
            refs.put("include", s);
        } else if (v instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                    refs.put("include[" + i + "]", s);
                } else {
                    errors.error(item, "include[" + i + "]", "expected a file path, got " + YamlNode.describe(item));
                    incomplete = true;
                }
            }
        } else {
            errors.error(v, "include", "expected a file path or a list of file paths, got " + YamlNode.describe(v));
            incomplete = true;
        }
        return refs;
    }

    private YamlNode.Mapping loadInclude(Path from, String key, YamlNode.Scalar ref, List<Path> chain,
                                         List<Path> shownChain) {
        Path target;
        try {
            Path p = Path.of(ref.text());
            target = p.isAbsolute() ? p.normalize() : from.resolveSibling(p).normalize();
        } catch (InvalidPathException e) {
            errors.error(ref, key, "'" + ref.text() + "' is not a valid file path: " + e.getReason());
            return null;
        }
        int at = chain.indexOf(identity(target));
        if (at >= 0) {
            String cycle = shownChain.subList(at, shownChain.size()).stream().map(Path::toString)
                    .collect(Collectors.joining(" -> ")) + " -> " + target;
            errors.error(ref, key, "include cycle: " + cycle);
            return null;
        }
        if (!Files.exists(target)) {
            errors.error(ref, key, "included file not found: " + target);
            return null;
        }
        if (!Files.isRegularFile(target)) {
            errors.error(ref, key, "included path is not a regular file: " + target);
            return null;
        }
        // never parse (and so never echo in errors) a file that is not a sweep file, e.g. include: /etc/shadow
        String fileName = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!fileName.endsWith(".yaml") && !fileName.endsWith(".yml")) {
            errors.error(ref, key, "included file " + target + " is not a .yaml or .yml sweep file");
            return null;
        }
        if (includeLimitHit) return null; // reported once, where it was first hit
        if (chain.size() >= SpecLoader.MAX_INCLUDE_DEPTH || ++includesLoaded > SpecLoader.MAX_INCLUDES) {
            includeLimitHit = true;
            errors.error(ref, key, chain.size() >= SpecLoader.MAX_INCLUDE_DEPTH ? "includes nested more than " + SpecLoader.MAX_INCLUDE_DEPTH + " deep; flatten them"
                    : "more than " + SpecLoader.MAX_INCLUDES + " includes in all (counting every file each time it is included); include fewer files");
            return null;
        }
        return loadMerged(target, chain, shownChain);
    }

    private static Path identity(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Later keys replace earlier ones whole, except {@code measure}, merged key by key. */
    private static void mergeInto(Map<String, YamlNode.Entry> target, Map<String, YamlNode.Entry> source) {
        for (YamlNode.Entry e : source.values()) {
            YamlNode.Entry previous = target.get(e.key());
            if (e.key().equals("measure") && previous != null
                    && previous.value() instanceof YamlNode.Mapping before
                    && e.value() instanceof YamlNode.Mapping after) {
                Map<String, YamlNode.Entry> m = new LinkedHashMap<>(before.entries());
                m.putAll(after.entries());
                target.put(e.key(), new YamlNode.Entry(e.key(), e.file(), e.line(), e.column(),
                        new YamlNode.Mapping(after.file(), after.line(), after.column(), m)));
            } else {
                target.put(e.key(), e);
            }
        }
    }
}
