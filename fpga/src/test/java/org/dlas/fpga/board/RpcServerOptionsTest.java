package org.dlas.fpga.board;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class RpcServerOptionsTest {

    @Test
    void unusableTrackerIsRefusedWithExit2BeforeAnythingStarts() {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, UTF_8));
        try {
            assertEquals(2, new CommandLine(new RpcServerCommand()).execute("--tracker", "host:9190"));
            assertEquals(2, new CommandLine(new BoardServerCommand()).execute("--tracker", "no-port", "--key", "k"));
        } finally {
            System.setErr(old);
        }
        String err = buf.toString(UTF_8);
        assertTrue(err.contains("rpc-server: --tracker takes HOST:PORT and needs --key (the device key, e.g. x86-host); "
                + "got --tracker host:9190 --key ''"), err);
        assertTrue(err.contains("board-server: --tracker takes HOST:PORT and needs --key (the device key, e.g. pynq-z1); "
                + "got --tracker no-port --key 'k'"), err);
    }
}
