package org.dlas.tvm.rpc;

import java.util.ArrayList;
import java.util.List;

import org.apache.tvm.Function;
import org.apache.tvm.Module;
import org.apache.tvm.TVMValue;
import org.dlas.tvm.TvmInstallation;

/**
 * A logged-in session with a dlas RPC server (a board server or a CPU host): TVM's own RPC client
 * ({@code rpc.Connect}), then the server's challenge answered with the shared secret. Only the
 * functions the server serves can be called. Used from one thread; closing ends the session, so a
 * server leased from a tracker goes back to it.
 */
public final class RpcSession implements AutoCloseable {
    public static final String CHALLENGE = "dlas.auth.challenge";
    public static final String LOGIN = "dlas.auth.login";

    private final Module session;
    private final List<Function> functions = new ArrayList<>();

    private RpcSession(Module session) {
        this.session = session;
    }

    /**
     * Connects to host:port presenting {@code rpcKey} (a tracker's match key, or the server's key)
     * and logs in with the secret in {@code secretFile} (read after connecting, so an unreachable
     * server is reported as such first); a missing secret is {@link RpcSecret.Missing}.
     */
    public static RpcSession open(String host, int port, String rpcKey, java.nio.file.Path secretFile) throws java.io.IOException {
        TvmInstallation.get().initTvm4j();
        // TVM 0.18's rpc.Connect takes (url, port, key, enable_logging); tvm4j's Client.connect
        // still passes three arguments, so the session module is opened through the global directly.
        RpcSession s = new RpcSession(Function.getFunction("rpc.Connect").pushArg(host).pushArg(port).pushArg(rpcKey).pushArg(0).invoke().asModule());
        try {
            RpcSecret secret = RpcSecret.load(secretFile);
            String nonce = s.callString(CHALLENGE);
            TVMValue v = s.function(LOGIN).pushArg(secret.proof(nonce)).invoke();
            v.release();
            return s;
        } catch (RuntimeException | java.io.IOException e) {
            s.close();
            throw e;
        }
    }

    /** A remote function, released with the session. */
    public Function function(String name) {
        Function f = session.getFunction(name);
        functions.add(f);
        return f;
    }

    /** Calls a function without arguments that returns a string. */
    public String callString(String name) {
        TVMValue v = function(name).invoke();
        try {
            return v.asString();
        } finally {
            v.release();
        }
    }

    /** Calls {@code f} with one bytes argument and returns its bytes. */
    public static byte[] callBytes(Function f, byte[] argument) {
        TVMValue v = f.pushArg(argument).invoke();
        try {
            return v.asBytes();
        } finally {
            v.release();
        }
    }

    /** Ends the session; a dead link is simply dropped. */
    @Override public void close() {
        for (Function f : functions) {
            try {
                f.release();
            } catch (RuntimeException ignored) {
                // the link is gone already
            }
        }
        functions.clear();
        try {
            session.release();
        } catch (RuntimeException ignored) {
            // the link is gone already
        }
    }
}
