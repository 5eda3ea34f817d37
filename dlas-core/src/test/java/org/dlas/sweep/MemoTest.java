package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class MemoTest {

    /** Spins until interrupted, as training does when its point is given up. */
    private static String slow(CountDownLatch started) {
        started.countDown();
        while (!Thread.interrupted()) Thread.onSpinWait();
        throw new CancellationException("interrupted");
    }

    @Test
    void aSlowKeyDoesNotBlockAnotherKeyAndAnInterruptedOneIsRecomputed() throws Exception {
        Memo memo = new Memo(8);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            CountDownLatch started = new CountDownLatch(1);
            Future<String> stuck = pool.submit(() -> memo.get("model:a", k -> slow(started)));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            // before: one lock for the whole memo, so this waited for model:a
            assertEquals("b", assertTimeoutPreemptively(Duration.ofSeconds(5), () -> memo.get("model:b", k -> "b")));

            Future<String> waiter = pool.submit(() -> memo.get("model:a", k -> "a, computed by the waiter"));
            Thread.sleep(100); // let the waiter find model:a in progress
            stuck.cancel(true); // the first point timed out
            assertEquals("a, computed by the waiter", waiter.get(10, TimeUnit.SECONDS));
            assertEquals("a, computed by the waiter", memo.get("model:a", k -> "never"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureIsForgottenSoTheNextCallerTriesAgain() {
        Memo memo = new Memo(4);
        assertThrows(IllegalStateException.class, () -> memo.get("k", k -> { throw new IllegalStateException("boom"); }));
        assertEquals("ok", memo.get("k", k -> "ok"));
    }

    @Test
    void theLeastRecentlyUsedValuesAreEvictedAtTheBound() {
        Memo memo = new Memo(3);
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            int n = i;
            memo.get("k" + n, k -> { computed.incrementAndGet(); return new byte[1 << 20]; });
        }
        assertEquals(3, memo.size(), "before: every value kept for the whole sweep");
        memo.get("k9", k -> { computed.incrementAndGet(); return null; });
        assertEquals(10, computed.get(), "a recent value is still held");
        memo.get("k0", k -> { computed.incrementAndGet(); return "again"; });
        assertEquals(11, computed.get(), "an evicted value is computed again");
        assertEquals(3, memo.size());
    }
}
