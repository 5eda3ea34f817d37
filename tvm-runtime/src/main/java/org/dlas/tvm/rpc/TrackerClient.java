package org.dlas.tvm.rpc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The client half of TVM's RPC tracker protocol (as {@code tvm.rpc.TrackerSession} speaks it):
 * a magic number, then length-prefixed JSON messages. {@link #request} blocks in the tracker's
 * queue until a server registered under the key is free.
 */
public final class TrackerClient {
    static final int TRACKER_MAGIC = 0x2F271;
    static final int SUCCESS = 0;
    static final int REQUEST = 4;
    static final int SUMMARY = 6;
    /** How long a request may queue for a free server. */
    static final int WAIT_SECONDS = 600;

    /** A server (board or CPU host) the tracker handed out: connect to host:port presenting matchKey as the RPC key. */
    public record Lease(String host, int port, String matchKey) { }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;

    public TrackerClient(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("tracker address '" + address + "' is not HOST:PORT");
        this.host = address.substring(0, colon);
        this.port = Integer.parseInt(address.substring(colon + 1));
    }

    public String address() { return host + ":" + port; }

    /** The tracker's queue summary (free and pending per key); fails if no tracker answers. */
    public JsonNode summary() throws IOException {
        try (Socket s = open(5000)) {
            send(s, List.of(SUMMARY));
            JsonNode answer = receive(s);
            if (answer.path(0).asInt(-1) != SUCCESS) throw new IOException("tracker " + address() + " answered " + answer);
            return answer.get(1);
        }
    }

    /** Waits (the tracker queues requests) until a server registered under {@code key} is free, at most {@link #WAIT_SECONDS}. */
    public Lease request(String key) throws IOException {
        try (Socket s = open(WAIT_SECONDS * 1000)) {
            send(s, List.of(REQUEST, key, "dlas", 0));
            JsonNode answer;
            try {
                answer = receive(s);
            } catch (SocketTimeoutException e) {
                throw new IOException("no server with key '" + key + "' became free at tracker " + address() + " within " + WAIT_SECONDS
                        + " s (are servers registered under that key? `dlas board-server|rpc-server --tracker " + address() + " --key " + key + "`)", e);
            }
            JsonNode v = answer.path(1);
            if (answer.path(0).asInt(-1) != SUCCESS || v.size() != 3) throw new IOException("tracker " + address() + " answered " + answer);
            return new Lease(v.get(0).asText(), v.get(1).asInt(), v.get(2).asText());
        }
    }

    private Socket open(int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(readTimeoutMillis);
            s.getOutputStream().write(int32(TRACKER_MAGIC));
            int magic = Integer.reverseBytes(new DataInputStream(s.getInputStream()).readInt());
            if (magic != TRACKER_MAGIC) throw new IOException(address() + " is not a TVM RPC tracker");
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void send(Socket s, Object message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        OutputStream out = s.getOutputStream();
        out.write(int32(body.length));
        out.write(body);
        out.flush();
    }

    private static JsonNode receive(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int n = Integer.reverseBytes(in.readInt());
        if (n < 0 || n > (1 << 20)) throw new IOException("tracker message of " + n + " bytes");
        byte[] body = new byte[n];
        in.readFully(body);
        return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
