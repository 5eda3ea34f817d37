package org.dlas.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A bounded, thread-safe memo of expensive values (trained and compressed models, data sets, reference outputs).
 *
 * <p>One future per key: only the threads that want the same key wait for it, never a thread that wants another
 * key (a single lock held while a model trained made every later point wait, and time out, behind one slow point).
 * A computation that fails is forgotten so the next caller tries again; one that was interrupted (its point timed
 * out) is retried by the callers that were waiting for it rather than failing them too. At most {@code capacity}
 * values are kept, the least recently used evicted first.
 */
final class Memo {
    private final int capacity;
    private final LinkedHashMap<String, CompletableFuture<Object>> entries;

    Memo(int capacity) {
        if (capacity < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "capacity must be at least 1: " + capacity);
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Object>> eldest) {
                return size() > Memo.this.capacity;
            }
        };
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Function<String, T> make) {
        while (true) {
            CompletableFuture<Object> future;
            boolean mine = false;
            synchronized (entries) {
                future = entries.get(key);
                if (future == null) {
                    future = new CompletableFuture<>();
                    entries.put(key, future);
                    mine = true;
                }
            }
            if (mine) return (T) compute(key, future, make);
            try {
                return (T) future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for " + key);
            } catch (CancellationException e) {
                // the thread computing it was interrupted, not this one: compute it here
            } catch (ExecutionException e) {
                if (!wasInterrupted(e.getCause())) throw unchecked(e.getCause());
            }
        }
    }

    private Object compute(String key, CompletableFuture<Object> future, Function<String, ?> make) {
        try {
            Object v = make.apply(key);
            future.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(key, future);
            }
            future.completeExceptionally(e);
            throw e;
        }
    }

    private static boolean wasInterrupted(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof CancellationException || t instanceof InterruptedException) return true;
        return false;
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** Values held now (computed or being computed). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
