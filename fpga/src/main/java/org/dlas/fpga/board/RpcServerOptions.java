package org.dlas.fpga.board;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.dlas.tvm.rpc.RpcSecret;

import picocli.CommandLine.Option;

/** The options {@code dlas board-server} and {@code dlas rpc-server} share: where to listen, the tracker, the secret. */
final class RpcServerOptions {
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

    /** What is wrong with --tracker/--key, or null. */
    String problem(String command, String keyExample) {
        if (tracker != null && (key.isBlank() || !tracker.matches(".+:\\d+"))) {
            return command + ": --tracker takes HOST:PORT and needs --key (the device key, e.g. " + keyExample + "); got --tracker "
                    + tracker + " --key '" + key + "'";
        }
        return null;
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
}
