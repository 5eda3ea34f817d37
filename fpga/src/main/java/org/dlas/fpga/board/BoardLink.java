package org.dlas.fpga.board;

import java.nio.file.Path;

/**
 * Where the jobs of {@code mode: board} go: a board server at host:port, or a board taken from a
 * TVM RPC tracker by its device key; and the secret file that proves this client may use it.
 *
 * @param host       board server address (direct)
 * @param port       board server port (direct)
 * @param key        TVM RPC key: the server's key (direct) or the device key asked of the tracker
 * @param tracker    HOST:PORT of a TVM RPC tracker, or empty for a direct connection
 * @param secretFile the shared secret
 */
public record BoardLink(String host, int port, String key, String tracker, Path secretFile) {
    public boolean viaTracker() { return tracker != null && !tracker.isBlank(); }

    @Override public String toString() {
        return viaTracker() ? "board '" + key + "' from tracker " + tracker : "board at " + host + ":" + port;
    }
}
