package org.dlas.fpga.board;

import java.util.concurrent.Callable;

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
                + RpcServerOptions.AUTHENTICATION_HELP + "once logged in they can run the code they send as this server's user, "
                + "nothing else (no file transfer, no other functions). " + RpcServerOptions.LIFETIME_HELP)
public class RpcServerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServerCommand.class);

    @Mixin RpcServerOptions server;

    @Override public Integer call() throws Exception {
        if (server.refused("rpc-server", "x86-host")) return 2;
        return server.serve("rpc-server", "models and data travel", "this machine's CPU", "rpc.secret_file", LOG,
                options -> LoopbackBoardServer.startCpuHost(options, System.err::println));
    }
}
