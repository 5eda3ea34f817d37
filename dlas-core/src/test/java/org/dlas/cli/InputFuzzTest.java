package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxExporter;
import org.dlas.onnx.OnnxImportException;
import org.dlas.onnx.OnnxImporter;

/**
 * Mutations of valid sweep files and ONNX models (truncation, byte flips, deleted and duplicated lines or bytes, huge
 * numbers), seeded: `dlas validate` must answer each with exit 0 or with exit 2 and located one-line messages, the
 * ONNX importer with a model or an {@link OnnxImportException}; never a hang, an OutOfMemoryError or a stack trace.
 */
class InputFuzzTest {
    private static final int SWEEP_CASES = 1000;
    private static final int ONNX_CASES = 2500;
    private static final Pattern LOCATED = Pattern.compile("^.+\\.yaml:\\d+:\\d+: .+|^\\d+ error\\(s\\) in .+\\.yaml$");
    private static final String[] HUGE = {"2147483648", "99999999999999999999999", "-9223372036854775809", "1e400", "-1", "0", ".nan"};

    @TempDir Path dir;

    @Test
    void mutatedSweepFilesAreAnsweredWithLocatedMessages() throws Exception {
        List<String> seeds = new ArrayList<>();
        for (String name : List.of("configs/quickstart.yaml", "configs/compression-study.yaml", "dlas-core/src/test/resources/spec/quickstart.yaml")) {
            seeds.add(Files.readString(repo().resolve(name)));
        }
        seeds.add("name: t\ninclude: common.yaml\nmodel: [lenet, {name: onnx, path: m.onnx}]\ncompression: [none, {name: prune, sparsity: 0.5}]\n"
                + "primitive: [direct, {name: bsr, block_rows: 4}]\nhardware: jvm\nmeasure: {warmup: 1, repeats: 3, test_images: 100}\n"
                + "exclude:\n  - {model: lenet, primitive: bsr}\noutput: out/t\n");
        Files.writeString(dir.resolve("common.yaml"), "dataset: fashion-mnist\nmeasure: {seed: 7}\n");
        Random rnd = new Random(19);
        int[] exits = new int[3];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < SWEEP_CASES; i++) {
                String text = mutateText(seeds.get(rnd.nextInt(seeds.size())), rnd);
                Path f = dir.resolve("case.yaml");
                Files.writeString(f, text);
                CliTest.Run r = CliTest.dlas("validate", f.toString());
                String what = "case " + i + ":\n" + text + "\n--- gave exit " + r.exit() + ":\n" + r.err();
                if (r.exit() == 0 || r.exit() == Dlas.EXIT_USAGE) exits[r.exit()]++;
                if (r.exit() == 0) continue;
                if (r.exit() != Dlas.EXIT_USAGE) fail(what);
                assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), what);
                for (String line : r.err().strip().split("\n")) assertTrue(LOCATED.matcher(line).matches(), "not located: " + line + "\n" + what);
            }
        });
        assertTrue(exits[0] > 50 && exits[2] > 500, "the mutations give both valid and invalid files: " + Arrays.toString(exits));
    }

    @Test
    void mutatedOnnxModelsImportOrGiveAnImportError() throws Exception {
        Path valid = dir.resolve("lenet.onnx");
        OnnxExporter.save(ModelZoo.trained("lenet"), valid);
        byte[] seed = Files.readAllBytes(valid);
        Random rnd = new Random(23);
        int[] imported = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ONNX_CASES; i++) {
                byte[] bytes = mutateBytes(seed, rnd);
                Path f = dir.resolve("case.onnx");
                Files.write(f, bytes);
                try {
                    OnnxImporter.load(f);
                    imported[0]++;
                } catch (OnnxImportException e) {
                    imported[1]++;
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "case " + i);
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("case " + i + " (" + bytes.length + " bytes): not a clean import error: " + e, e);
                }
            }
        });
        assertTrue(imported[0] > 100 && imported[1] > 500, "the mutations give both importable and refused models: " + Arrays.toString(imported));
    }

    // ------------------------------------------------------------------ mutations

    private static String mutateText(String text, Random rnd) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        switch (rnd.nextInt(6)) {
            case 0 -> { return text.substring(0, rnd.nextInt(text.length() + 1)); }                // truncation
            case 1 -> {                                                                               // byte flips
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                return new String(b, StandardCharsets.ISO_8859_1);
            }
            case 2 -> lines.remove(rnd.nextInt(lines.size()));                                        // key deletion
            case 3 -> { int at = rnd.nextInt(lines.size()); lines.add(at, lines.get(at)); }          // key duplication
            case 4 -> {                                                                               // huge numbers
                int at = rnd.nextInt(lines.size());
                lines.set(at, lines.get(at).replaceAll("\\b\\d+(\\.\\d+)?\\b", HUGE[rnd.nextInt(HUGE.length)]));
                if (rnd.nextBoolean()) lines.add("measure: {repeats: " + HUGE[rnd.nextInt(HUGE.length)] + "}");
            }
            default -> {                                                                              // swap two lines
                int a = rnd.nextInt(lines.size()), b = rnd.nextInt(lines.size());
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
            }
        }
        return String.join("\n", lines);
    }

    private static byte[] mutateBytes(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> { return Arrays.copyOf(b, rnd.nextInt(b.length)); }                            // truncation
            case 1 -> { for (int k = 1 + rnd.nextInt(8); k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
            case 2 -> {                                                                               // a huge varint
                int at = rnd.nextInt(b.length - 10);
                for (int k = 0; k < 9; k++) b[at + k] = (byte) 0xFF;
                b[at + 9] = 0x01;
            }
            case 3 -> {                                                                               // a run deleted
                int at = rnd.nextInt(b.length), len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            default -> {                                                                              // a run duplicated
                int at = rnd.nextInt(b.length), len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
        }
        return b;
    }

    private static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) if (Files.isDirectory(p.resolve("configs"))) return p;
        throw new IllegalStateException("the repository's configs/ folder was not found above " + Path.of("").toAbsolutePath());
    }
}
