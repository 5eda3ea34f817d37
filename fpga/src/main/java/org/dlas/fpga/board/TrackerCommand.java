package org.dlas.fpga.board;

import java.net.InetAddress;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dlas tracker}: TVM's RPC tracker, which pools board servers for sweeps in {@code mode: board}. */
@Command(name = "tracker", mixinStandardHelpOptions = true,
        description = "Run TVM's own RPC tracker: board servers register with it (dlas board-server --tracker HOST:PORT --key K) "
                + "and fpga points with {mode: board, tracker: HOST:PORT, key: K} take a free board from it, queueing when all are busy. "
                + "Runs until interrupted.")
public class TrackerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerCommand.class);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "9190", description = "TCP port (default ${DEFAULT-VALUE}, TVM's)")
    int port;

    @Override public Integer call() throws Exception {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            LOG.warn("the tracker listens on " + host + ", beyond this machine: anyone who reaches it can list and "
                    + "take boards (the board servers still demand their secret).");
        }
        try (RpcTracker tracker = RpcTracker.start(host, port, System.err::println)) {
            System.out.println("TVM RPC tracker listening on " + tracker.address() + "; register boards with "
                    + "`dlas board-server --tracker " + tracker.address() + " --key pynq-z1`; Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(tracker::close));
            return tracker.waitFor();
        }
    }
}
