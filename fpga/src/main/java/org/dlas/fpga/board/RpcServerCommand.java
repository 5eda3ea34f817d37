package org.dlas.fpga.board;

import java.util.concurrent.Callable;

import org.dlas.tvm.rpc.RpcSecret;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dlas rpc-server}: a remote CPU host for TVM builds ({@code hardware: {name: cpu, rpc:
 * {tracker, key}}}), the same authenticated minimal server as {@code dlas board-server} in its
 * CPU role, not TVM's open {@code rpc_server}.
 */
@Command(name = "rpc-server", mixinStandardHelpOptions = true,
        description = "Serve this machine's CPU to sweeps over TVM's RPC: cpu points with rpc: {tracker: HOST:PORT, key: K} build "
                + "with TVM where the sweep runs and run the library here (TVM's graph executor and time_evaluator). "
                + "Clients must prove the shared secret (--secret-file, created if missing); once logged in they can run the code "
                + "they send as this server's user, nothing else (no file transfer, no other functions). "
                + "Runs until interrupted; dies with this command.")
public class RpcServerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServerCommand.class);

    @Mixin RpcServerOptions server;

    @Override public Integer call() throws Exception {
        String problem = server.problem("rpc-server", "x86-host");
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        RpcSecret secret = server.secret();
        if (server.beyondThisMachine()) {
            LOG.warn("rpc-server listens on " + server.host + ", beyond this machine. Only clients holding the secret of "
                    + secret.file() + " are served, but models and data travel unencrypted: prefer an SSH tunnel or a VPN.");
        }
        try (LoopbackBoardServer running = LoopbackBoardServer.startCpuHost(server.serverOptions(secret), System.err::println)) {
            System.out.println("rpc server listening on " + server.host + ":" + running.port() + " (TVM RPC; compute: this machine's CPU)"
                    + server.registration());
            System.out.println("shared secret: " + secret.file() + " (clients read it from the same path, or from rpc.secret_file)");
            System.out.println("one log line per connection follows; Ctrl-C stops the server");
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
            return running.waitFor();
        }
    }
}
