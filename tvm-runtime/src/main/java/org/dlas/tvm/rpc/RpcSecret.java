package org.dlas.tvm.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret of a dlas RPC server (board server, CPU host) and its clients, kept in a file
 * only its owner can read.
 * A client proves it holds the secret with HMAC-SHA256 over the server's per-connection nonce,
 * so the secret itself never crosses the network.
 */
public final class RpcSecret {
    private static final Logger LOG = LoggerFactory.getLogger(RpcSecret.class);

    /** Where server and client look when no file is named: {@code ~/.dlas/board-secret}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".dlas", "board-secret");
    }

    private final Path file;
    private final byte[] secret;

    private RpcSecret(Path file, byte[] secret) {
        this.file = file;
        this.secret = secret;
    }

    public Path file() { return file; }

    /** No usable secret file: the message names the file and what to do. */
    public static final class Missing extends IOException {
        Missing(String message) { super(message); }
    }

    /** Reads the secret; a missing or short file is an error naming the file. */
    public static RpcSecret load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Missing("no RPC secret at " + file + ": copy the server's secret file here "
                    + "(`dlas board-server` and `dlas rpc-server` print where they keep it), or name it with board_secret_file / rpc.secret_file");
        }
        byte[] s = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        if (s.length < 16) throw new Missing("the RPC secret in " + file + " is shorter than 16 characters");
        return new RpcSecret(file, s);
    }

    /** Reads the secret, first writing a new random one (owner-only, 0600) if the file does not exist. */
    public static RpcSecret loadOrCreate(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            // kept: clients already hold this one
        }
        RpcSecret secret = load(file);
        if (!Collections.disjoint(Files.getPosixFilePermissions(file), EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ))) {
            LOG.warn("the RPC secret {} is readable by other users; chmod 600 it", file);
        }
        return secret;
    }

    /** The answer to a server's challenge. */
    public String proof(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
