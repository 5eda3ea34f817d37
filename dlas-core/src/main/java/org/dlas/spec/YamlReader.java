package org.dlas.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one YAML file into a located {@link YamlNode} tree by walking the token stream of
 * Jackson's streaming {@link YAMLParser}. No data binding is involved, so nothing in a document
 * can make the JVM instantiate a class; explicit tags ({@code !!java/...}, {@code !foo}, even
 * {@code !!str}) are reported as errors. Limits: {@value #MAX_BYTES} bytes per file, nesting
 * depth {@value #MAX_DEPTH}, and {@value #MAX_NODES} values counting each alias as the size of
 * what it refers to (so an alias bomb is refused rather than walked). Duplicate keys are errors.
 */
final class YamlReader {

    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;
    static final long MAX_NODES = 100_000;

    private static final YAMLFactory FACTORY = buildFactory();

    /** {@code root} is null when the file could not be read or parsed; errors say why. */
    record Result(YamlNode root, List<SpecError> errors) {}

    private final Path file;
    private final String text;
    private final List<SpecError> errors = new ArrayList<>();
    private final Deque<String> path = new ArrayDeque<>();
    private final Map<String, Anchored> anchors = new HashMap<>();
    private YAMLParser parser;
    private long nodes;

    private record Anchored(YamlNode node, long weight) {}

    /** Thrown after an error that makes the rest of the file unreadable has been recorded. */
    private static final class Abort extends Exception {
        private static final long serialVersionUID = 1L;
        Abort() { super(null, null, false, false); }
    }

    private YamlReader(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    private static YAMLFactory buildFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES + 1024);
        options.setNestingDepthLimit(MAX_DEPTH + 8);
        options.setMaxAliasesForCollections(1000);
        // an empty plain value (`model:`) is null, as in YAML; a quoted '' stays an empty string
        return YAMLFactory.builder().loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    }

    static Result read(Path file) {
        byte[] bytes;
        try {
            // a FIFO blocks and /dev/zero never ends: only regular files are read, and never more than the limit
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                return failure(file, "not a regular file (a folder, device or pipe); give a YAML sweep file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return failure(file, "the file is " + size + " bytes; sweep files are limited to "
                        + MAX_BYTES + " bytes (1 MiB)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            return failure(file, "file not found");
        } catch (IOException e) {
            return failure(file, "cannot read the file: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            return failure(file, "the file is larger than " + MAX_BYTES + " bytes (1 MiB)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failure(file, "the file is not valid UTF-8 text");
        }
        return parse(file, text);
    }

    /** Parses {@code text} as if it were the content of {@code file}. */
    static Result parse(Path file, String text) {
        if (text.length() > MAX_BYTES) {
            return failure(file, "the document is larger than " + MAX_BYTES + " characters (1 MiB)");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        YamlReader reader = new YamlReader(file, text);
        YamlNode root = reader.run();
        return new Result(root, List.copyOf(reader.errors));
    }

    private static Result failure(Path file, String message) {
        return new Result(null, List.of(new SpecError(file, 1, 1, "", message)));
    }

    private YamlNode run() {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                error(1, 1, "the file is empty; a sweep file is a mapping with at least 'name' and the axes");
                return null;
            }
            YamlNode root = readValue(first, 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation loc = p.currentTokenLocation();
                error(loc.getLineNr(), loc.getColumnNr(),
                        "only one YAML document per file is allowed (found another after '---')");
            }
            return root;
        } catch (Abort a) {
            return null;
        } catch (IOException | RuntimeException e) {
            syntaxError(e);
            return null;
        }
    }

    private JsonToken next() throws IOException, Abort {
        JsonToken t = parser.nextToken();
        if (t == null) {
            JsonLocation loc = parser.currentLocation();
            error(loc.getLineNr(), loc.getColumnNr(), "unexpected end of the document");
            throw new Abort();
        }
        return t;
    }

    private YamlNode readValue(JsonToken t, int depth) throws IOException, Abort {
        JsonLocation loc = parser.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        if (depth > MAX_DEPTH) {
            error(line, col, "values are nested deeper than " + MAX_DEPTH + " levels");
            throw new Abort();
        }
        String tag = parser.getTypeId();
        if (tag != null) error(line, col, tagMessage(tag));
        Object anchorId = parser.getObjectId();
        String anchor = anchorId == null ? null : anchorId.toString();
        long before = nodes;
        if (++nodes > MAX_NODES) tooLarge(line, col);

        YamlNode node = switch (t) {
            case START_OBJECT -> readMapping(line, col, tag, depth);
            case START_ARRAY -> readSequence(line, col, depth);
            case VALUE_STRING -> {
                if (parser.isCurrentAlias()) yield alias(parser.getText(), line, col);
                yield scalar(line, col, YamlNode.Kind.STRING, parser.getText());
            }
            case VALUE_EMBEDDED_OBJECT -> scalar(line, col, YamlNode.Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(file, line, col, YamlNode.Kind.INT, parser.getText(), integerValue());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(file, line, col, YamlNode.Kind.FLOAT, parser.getText(), floatValue());
            case VALUE_TRUE -> new YamlNode.Scalar(file, line, col, YamlNode.Kind.BOOL, parser.getText(), Boolean.TRUE);
            case VALUE_FALSE -> new YamlNode.Scalar(file, line, col, YamlNode.Kind.BOOL, parser.getText(), Boolean.FALSE);
            case VALUE_NULL -> new YamlNode.Scalar(file, line, col, YamlNode.Kind.NULL, parser.getText(), null);
            default -> {
                error(line, col, "unexpected YAML token " + t);
                throw new Abort();
            }
        };
        if (anchor != null) anchors.put(anchor, new Anchored(node, nodes - before));
        return node;
    }

    private YamlNode.Mapping readMapping(int line, int col, String mapTag, int depth) throws IOException, Abort {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        boolean first = true;
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            if (t != JsonToken.FIELD_NAME) {
                JsonLocation loc = parser.currentTokenLocation();
                error(loc.getLineNr(), loc.getColumnNr(), "expected a key, found " + t);
                throw new Abort();
            }
            JsonLocation loc = parser.currentTokenLocation();
            String key = parser.currentName();
            // The parser repeats a mapping's own tag on its first key: report that tag only once.
            String keyTag = parser.getTypeId();
            path.addLast(key);
            if (keyTag != null && !(first && Objects.equals(keyTag, mapTag))) {
                error(loc.getLineNr(), loc.getColumnNr(), tagMessage(keyTag));
            }
            first = false;
            YamlNode value = readValue(next(), depth + 1);
            YamlNode.Entry previous = entries.get(key);
            if (previous != null) {
                error(loc.getLineNr(), loc.getColumnNr(), "duplicate key; '" + key
                        + "' is already set at line " + previous.line() + ", column " + previous.column());
            } else {
                entries.put(key, new YamlNode.Entry(key, file, loc.getLineNr(), loc.getColumnNr(), value));
            }
            path.removeLast();
        }
        return new YamlNode.Mapping(file, line, col, entries);
    }

    private YamlNode.Sequence readSequence(int line, int col, int depth) throws IOException, Abort {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            path.addLast("[" + items.size() + "]");
            items.add(readValue(t, depth + 1));
            path.removeLast();
        }
        return new YamlNode.Sequence(file, line, col, items);
    }

    private YamlNode alias(String name, int line, int col) throws Abort {
        Anchored target = anchors.get(name);
        if (target == null) {
            error(line, col, "alias '*" + name + "' does not refer to an anchor defined before it (anchors cannot refer to themselves)");
            return new YamlNode.Scalar(file, line, col, YamlNode.Kind.NULL, "", null);
        }
        nodes += target.weight();
        if (nodes > MAX_NODES) tooLarge(line, col);
        return target.node();
    }

    private void tooLarge(int line, int col) throws Abort {
        error(line, col, "the document holds more than " + MAX_NODES
                + " values (counting what each alias expands to); sweep files must be small");
        throw new Abort();
    }

    private YamlNode.Scalar scalar(int line, int col, YamlNode.Kind kind, String value) {
        return new YamlNode.Scalar(file, line, col, kind, value, value);
    }

    private Object integerValue() {
        try {
            Number n = parser.getNumberValue();
            if (n instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b;
            return n.longValue();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Object floatValue() {
        try {
            return parser.getDoubleValue();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String tagMessage(String tag) {
        String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length()) : "!" + tag;
        return "YAML tags are not allowed (found '" + shown + "'); write plain values";
    }

    private void syntaxError(Throwable e) {
        String key = keyPath();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String message = "YAML syntax error: " + (m.getProblem() != null ? m.getProblem() : m.getContext());
                if (m.getContext() != null && m.getProblem() != null) {
                    message += " (" + m.getContext()
                            + (m.getContextMark() != null ? " at line " + (m.getContextMark().getLine() + 1)
                            + ", column " + (m.getContextMark().getColumn() + 1) : "") + ")";
                }
                int line = mark == null ? 1 : mark.getLine() + 1;
                int col = mark == null ? 1 : mark.getColumn() + 1;
                errors.add(new SpecError(file, line, col, key, clean(message)));
                return;
            }
            if (c instanceof ReaderException r) {
                int[] lc = lineColumnOfCodePoint(r.getPosition());
                errors.add(new SpecError(file, lc[0], lc[1], key, "YAML syntax error: " + clean(r.getName()
                        + ": special character 0x" + Integer.toHexString(r.getCodePoint()) + " is not allowed")));
                return;
            }
        }
        int line = 1;
        int col = 1;
        String message = e.getMessage();
        if (e instanceof JsonProcessingException j) {
            message = j.getOriginalMessage();
            if (j.getLocation() != null && j.getLocation().getLineNr() > 0) {
                line = j.getLocation().getLineNr();
                col = Math.max(1, j.getLocation().getColumnNr());
            }
        } else if (parser != null) {
            JsonLocation loc = parser.currentTokenLocation();
            if (loc.getLineNr() > 0) {
                line = loc.getLineNr();
                col = Math.max(1, loc.getColumnNr());
            }
        }
        errors.add(new SpecError(file, line, col, key, "YAML syntax error: " + clean(String.valueOf(message))));
    }

    private static String clean(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }

    private int[] lineColumnOfCodePoint(int position) {
        int line = 1;
        int col = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < position; i += Character.charCount(text.codePointAt(i)), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    private void error(int line, int col, String message) {
        errors.add(new SpecError(file, line, col, keyPath(), message));
    }

    private String keyPath() {
        return joinPath(path);
    }

    /** Joins key and index segments: {@code measure.warmup}, {@code compression[1].sparsity}. */
    static String joinPath(Iterable<String> segments) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            if (!s.startsWith("[") && sb.length() > 0) sb.append('.');
            sb.append(s);
        }
        return sb.toString();
    }
}
