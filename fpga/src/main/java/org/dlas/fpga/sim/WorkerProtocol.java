package org.dlas.fpga.sim;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The simulator job protocol of {@code native/src/worker.cpp} (little-endian), shared by the local
 * worker processes' pipes and the board's RPC link, which carries the same request and response
 * bytes.
 */
public final class WorkerProtocol {
    static final int REQUEST_MAGIC = 0x314A4C44;   // "DLJ1"
    static final int RESPONSE_MAGIC = 0x31524C44;  // "DLR1"
    static final int RUN = 1, INFO = 2, QUIT = 3;

    private WorkerProtocol() { }

    /** The job answered with an error status. */
    public static final class RemoteError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        RemoteError(int status, String message) {
            super(message);
            this.status = status;
        }

        /** Status 1 (bad request) leaves the simulator usable; 2..4 end it. */
        public boolean fatal() { return status != 1; }
    }

    static byte[] command(int command) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(REQUEST_MAGIC).putInt(command).array();
    }

    /** A RUN request: the design configuration followed by the program. */
    public static byte[] runRequest(SimConfig c, byte[] program) {
        ByteBuffer b = ByteBuffer.allocate(8 + 6 * 4 + 3 * 8 + program.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(REQUEST_MAGIC).putInt(RUN);
        b.putInt(c.design()).putInt(c.rows()).putInt(c.cols()).putInt(c.lanes()).putInt(c.vector()).putInt(c.dmaBytesPerCycle());
        b.putLong(c.bufferBytes()).putLong(c.maxCycles()).putLong(program.length);
        b.put(program);
        return b.array();
    }

    /** Reads a RUN response: statistics and int32 results, or the error it reports. */
    public static SimResult readRunResponse(InputStream in) throws IOException, RemoteError {
        readStatus(in);
        ByteBuffer s = ByteBuffer.wrap(readFully(in, SimStats.FIELDS * 8 + 8)).order(ByteOrder.LITTLE_ENDIAN);
        long[] counters = new long[SimStats.FIELDS];
        for (int i = 0; i < counters.length; i++) counters[i] = s.getLong();
        long count = s.getLong();
        if (count < 0 || count > Integer.MAX_VALUE / 4) throw new IOException("bad result count " + count);
        int[] results = new int[(int) count];
        ByteBuffer r = ByteBuffer.wrap(readFully(in, (int) count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        r.asIntBuffer().get(results);
        return new SimResult(SimStats.of(counters), results);
    }

    /** Reads an INFO response: the design's self-description. */
    static String readInfoResponse(InputStream in) throws IOException, RemoteError {
        readStatus(in);
        return readString(in);
    }

    private static void readStatus(InputStream in) throws IOException, RemoteError {
        ByteBuffer h = ByteBuffer.wrap(readFully(in, 8)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.getInt();
        if (magic != RESPONSE_MAGIC) throw new IOException(String.format("bad response magic 0x%08x", magic));
        int status = h.getInt();
        if (status != 0) throw new RemoteError(status, readString(in));
    }

    private static String readString(InputStream in) throws IOException {
        int len = ByteBuffer.wrap(readFully(in, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (len < 0 || len > (1 << 20)) throw new IOException("bad message length " + len);
        return new String(readFully(in, len), StandardCharsets.UTF_8);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("the simulator closed its output after " + b.length + " of " + n + " bytes");
        return b;
    }
}
