package org.dlas.fpga.board;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.dlas.tvm.rpc.RpcSecret;
import org.slf4j.Logger;

import picocli.CommandLine.Option;

/** The options {@code dlas board-server} and {@code dlas rpc-server} share: where to listen, the tracker, the secret. */
final class RpcServerOptions {
    /** What both commands' descriptions say of the secret, before what a logged-in client may do. */
    static final String AUTHENTICATION_HELP = "Clients must prove the shared secret (--secret-file, created if missing); ";
    /** How long either server runs, the end of both descriptions. */
    static final String LIFETIME_HELP = "Runs until interrupted; dies with this command.";

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "9091", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--secret-file", description = "the shared secret clients must prove (default ~/.dlas/board-secret; "
            + "a new random one is written there, owner-only, if the file does not exist)")
    Path secretFile;

    @Option(names = "--tracker", description = "HOST:PORT of a TVM RPC tracker (`dlas tracker`) to register this server with")
    String tracker;

    @Option(names = "--key", defaultValue = "", description = "TVM RPC key: with --tracker, the device key sweeps ask for (e.g. pynq-z1)")
    String key;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds a session may stay idle before it is closed (default ${DEFAULT-VALUE})")
    double timeout;

    /** Whether --tracker/--key are unusable; if so, says why on stderr (the command then exits 2). */
    boolean refused(String command, String keyExample) {
        if (tracker != null && (key.isBlank() || !tracker.matches(".+:\\d+"))) {
            System.err.println(command + ": --tracker takes HOST:PORT and needs --key (the device key, e.g. " + keyExample + "); got --tracker "
                    + tracker + " --key '" + key + "'");
            return true;
        }
        return false;
    }

    RpcSecret secret() throws java.io.IOException {
        return RpcSecret.loadOrCreate(secretFile != null ? secretFile : RpcSecret.defaultFile());
    }

    boolean beyondThisMachine() throws UnknownHostException {
        return !InetAddress.getByName(host).isLoopbackAddress();
    }

    LoopbackBoardServer.Options serverOptions(RpcSecret secret) {
        return new LoopbackBoardServer.Options(host, port, key, tracker, secret.file(), timeout);
    }

    String registration() {
        return tracker != null ? "; registered with tracker " + tracker + " as key '" + key + "'" : "";
    }

    /** Starts the server itself once the options are checked (the SystemC worker or this machine's CPU). */
    interface Starter {
        LoopbackBoardServer start(LoopbackBoardServer.Options options) throws java.io.IOException;
    }

    /**
     * What both servers do once their own checks pass: load the secret, warn when listening beyond
     * this machine, start, say where and how to reach it, and wait until interrupted.
     * {@code travels}: what crosses the wire unencrypted; {@code secretKey}: where clients name the secret.
     */
    int serve(String command, String travels, String compute, String secretKey, Logger log, Starter starter) throws Exception {
        RpcSecret secret = secret();
        if (beyondThisMachine()) {
            log.warn(command + " listens on " + host + ", beyond this machine. Only clients holding the secret of "
                    + secret.file() + " are served, but " + travels + " unencrypted: prefer an SSH tunnel or a VPN.");
        }
        try (LoopbackBoardServer running = starter.start(serverOptions(secret))) {
            System.out.println(command.replace('-', ' ') + " listening on " + host + ":" + running.port() + " (TVM RPC; compute: "
                    + compute + ")" + registration());
            System.out.println("shared secret: " + secret.file() + " (clients read it from the same path, or from " + secretKey + ")");
            System.out.println("one log line per connection follows; Ctrl-C stops the server");
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
            return running.waitFor();
        }
    }
}
