package io.dtf.http.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterruptibleCallsTest {
    private final InterruptibleCalls calls = new InterruptibleCalls();

    @AfterEach
    void close() {
        calls.close();
    }

    @Test
    void theCallsResultOrWhatItThrew() throws InterruptedException {
        assertEquals("answer", calls.call(() -> "answer", () -> { }));
        IllegalStateException failure = new IllegalStateException("refused");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> calls.call(() -> {
            throw failure;
        }, () -> { })));
    }

    @Test
    void anInterruptedCallerAbortsTheCall() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                calls.call(() -> {
                    started.countDown();
                    // like a blocking socket read: deaf to interrupts, ended only by the abort
                    while (aborted.getCount() > 0) {
                        Thread.onSpinWait();
                    }
                    return "late";
                }, aborted::countDown);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        caller.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        caller.interrupt();
        Throwable ended = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(ended instanceof InterruptedException, String.valueOf(ended));
        assertEquals(0, aborted.getCount(), "the call was aborted");
    }
}
