package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.tvm.Function;
import org.apache.tvm.Module;
import org.dlas.fpga.board.BoardLink;
import org.dlas.tvm.rpc.RpcSecret;
import org.dlas.fpga.board.BoardSimulator;
import org.dlas.fpga.board.LoopbackBoardServer;
import org.dlas.tvm.TvmInstallation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The board server as a hostile client sees it: TVM's file and module functions refused, no job
 * without the secret, random bytes after a valid handshake, silent clients, and a launcher killed
 * with SIGKILL. Each test reproduces a failure the unguarded TVM server had.
 */
class BoardServerSecurityTest {
    private static final int RPC_MAGIC = 0xFF271;
    private static final int RPC_CODE_MISMATCH = RPC_MAGIC + 2;

    private static LoopbackBoardServer server;
    private static Path secretFile;
    private static final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll static void startServer() throws Exception {
        Path dir = Files.createTempDirectory("dlas-board-security");
        secretFile = dir.resolve("secret");
        RpcSecret.loadOrCreate(secretFile);
        server = LoopbackBoardServer.start(Natives.worker(), LoopbackBoardServer.Options.loopback(secretFile), line -> {
            log.add(line);
            System.err.println(line);
        });
        TvmInstallation.get().initTvm4j();
    }

    @AfterAll static void stopServer() {
        if (server != null) server.close();
    }

    private static Module connect() {
        return Function.getFunction("rpc.Connect").pushArg("127.0.0.1").pushArg(server.port()).pushArg("").pushArg(0).invoke().asModule();
    }

    private static void login(Module session, RpcSecret secret) {
        String nonce = session.getFunction("dlas.auth.challenge").invoke().asString();
        session.getFunction("dlas.auth.login").pushArg(secret.proof(nonce)).invoke();
    }

    private static BoardSimulator client() {
        return new BoardSimulator(new BoardLink("127.0.0.1", server.port(), "", "", secretFile));
    }

    @Test void theSecretFileIsOwnerOnly() throws IOException {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        assertTrue(Files.readString(secretFile).strip().length() >= 64);
    }

    @Test void tvmsFileAndModuleFunctionsAreRefusedEvenAfterLogin() throws IOException {
        Module session = connect();
        login(session, RpcSecret.load(secretFile));
        for (String f : List.of("tvm.rpc.server.download", "tvm.rpc.server.upload", "tvm.rpc.server.remove",
                "tvm.rpc.server.load_module", "runtime.ModuleLoadFromFile", "tvm.rpc.server.workpath")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> session.getFunction(f).pushArg("/etc/hostname").invoke(), f);
            assertTrue(String.valueOf(e.getMessage()).contains("is not served"), f + ": " + e.getMessage());
        }
        // the refusals did not end the session
        assertTrue(session.getFunction("dlas.fpga.describe").invoke().asString().startsWith("dlas board server"));
        session.release();
    }

    @Test void noJobWithoutTheSecret() throws IOException {
        Module anonymous = connect();
        RuntimeException e = assertThrows(RuntimeException.class, () -> anonymous.getFunction("dlas.fpga.run"));
        assertTrue(String.valueOf(e.getMessage()).contains("not authenticated"), e.getMessage());
        anonymous.release();

        Path other = Files.createTempDirectory("dlas-board-other").resolve("secret");
        Module wrong = connect();
        RuntimeException w = assertThrows(RuntimeException.class, () -> login(wrong, RpcSecret.loadOrCreate(other)));
        assertTrue(String.valueOf(w.getMessage()).contains("wrong secret"), w.getMessage());

        BoardSimulator withWrongSecret = new BoardSimulator(new BoardLink("127.0.0.1", server.port(), "", "", other));
        assertThrows(RuntimeException.class, withWrongSecret::probe);
        withWrongSecret.close();
    }

    @Test void aWrongRpcKeyIsRefusedAtTheHandshake() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            handshake(s, "client:someone-else");
            assertEquals(RPC_CODE_MISMATCH, readInt(s));
        }
    }

    @Test void randomBytesAfterAValidHandshakeDropOnlyThatConnection() throws Exception {
        Random random = new Random(19);
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                handshake(s, "client:");
                assertEquals(RPC_MAGIC, readInt(s));
                byte[] key = new byte[readInt(s)];
                new DataInputStream(s.getInputStream()).readFully(key);
                byte[] garbage = new byte[1 + random.nextInt(4096)];
                random.nextBytes(garbage);
                if (i % 2 == 1) {
                    // well framed: a true length, then an RPC code and random arguments
                    ByteBuffer framed = ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN);
                    garbage = ByteBuffer.allocate(8 + garbage.length).order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(garbage.length).putInt(random.nextInt(21)).put(framed.position(4)).array();
                }
                s.getOutputStream().write(garbage);
                s.shutdownOutput();
                s.setSoTimeout(15_000);
                // the server answers or drops the connection (a reset: it closed with our bytes unread)
                try {
                    while (s.getInputStream().read() >= 0) { }
                } catch (java.net.SocketException reset) {
                    assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.getMessage());
                }
            }
        }
        BoardSimulator after = client();
        try {
            assertTrue(after.probe().startsWith("dlas board server"));
        } finally {
            after.close();
        }
        assertTrue(server.process().isAlive());
        waitFor(() -> log.stream().filter(l -> l.contains("dropped: malformed packet") || l.contains("closed by the client")).count() >= 20,
                "a log line for each of the 20 connections: " + log);
    }

    @Test void silentClientsDoNotBlockOthers() throws Exception {
        try (Socket silentBeforeHandshake = new Socket("127.0.0.1", server.port());
             Socket silentAfterHandshake = new Socket("127.0.0.1", server.port())) {
            handshake(silentAfterHandshake, "client:");
            assertEquals(RPC_MAGIC, readInt(silentAfterHandshake));
            long t0 = System.nanoTime();
            BoardSimulator a = client();
            BoardSimulator b = client();
            try {
                assertTrue(a.probe().startsWith("dlas board server"));
                assertTrue(b.probe().startsWith("dlas board server"));
            } finally {
                a.close();
                b.close();
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "two clients served while two others stay silent");
            // an unauthenticated silent connection is closed after the login timeout (10 s)
            silentAfterHandshake.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(silentAfterHandshake.getInputStream());
            in.readFully(new byte[readIntFrom(in)]);
            assertEquals(-1, in.read());
        }
    }

    @Test void killingTheLauncherWithSigkillLeavesNoServer() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path secret = Files.createTempDirectory("dlas-board-launcher").resolve("secret");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-Ddlas.native.dir=" + System.getProperty("dlas.native.dir", ""),
                BoardServerMain.class.getName(),
                "--port", "0", "--secret-file", secret.toString());
        pb.redirectErrorStream(true);
        Process launcher = pb.start();
        int port = -1;
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("board server listening on ")) {
                port = Integer.parseInt(line.replaceAll("board server listening on [^:]+:(\\d+).*", "$1"));
                break;
            }
        }
        assertTrue(port > 0, "the launcher started a server");
        List<ProcessHandle> children = launcher.descendants().toList();
        assertFalse(children.isEmpty());
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertTrue(s.isConnected());
        }
        launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
        launcher.waitFor(10, TimeUnit.SECONDS);
        int p = port;
        waitFor(() -> children.stream().noneMatch(ProcessHandle::isAlive), "the Python server died with its launcher");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", p).close());
    }

    /** {@code dlas board-server} in a JVM of its own, for the SIGKILL test. */
    public static final class BoardServerMain {
        public static void main(String[] args) {
            System.exit(new picocli.CommandLine(new org.dlas.fpga.board.BoardServerCommand()).execute(args));
        }
    }

    private static void handshake(Socket s, String key) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(ByteBuffer.allocate(8 + k.length).order(ByteOrder.LITTLE_ENDIAN).putInt(RPC_MAGIC).putInt(k.length).put(k).array());
        out.flush();
    }

    private static int readInt(Socket s) throws IOException {
        return readIntFrom(new DataInputStream(s.getInputStream()));
    }

    private static int readIntFrom(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(100);
        }
    }
}
