package org.dlas.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a Spark daemon that {@code dlas cluster master|worker} starts as its child:
 * the launcher holds the child's stdin open without writing, so the pipe closes when the launcher
 * ends, even by SIGKILL; then this exits (running Spark's shutdown hooks, so a Worker stops its
 * executors too). Usage: {@code ExitWithParent MAIN_CLASS ARGS...}.
 */
public final class ExitWithParent {
    private ExitWithParent() { }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // nothing is ever written; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe means the same: the launcher is gone
            }
            System.exit(0);
        }, "dlas-exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
