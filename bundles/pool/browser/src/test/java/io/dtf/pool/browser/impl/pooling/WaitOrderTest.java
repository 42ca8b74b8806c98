package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolRefusal;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callers that wait for a browser are served in the order they came: a browser that becomes free goes to the first of
 * them, not to a caller that asks at that moment (before, it went to whichever thread took the pool's lock first:
 * now and then the one that returned it, asking again). Real Chromium; one browser, returned without a health check,
 * so that it is free the moment it is returned.
 */
class WaitOrderTest extends HookedPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        open(PoolSettings.pool(50, 120, 5, false, 30, 20, 1, 100, 50, 5)
                .withProfiles(List.of(RealChromium.profile(0, 1))), browser -> {
                }, (browser, found) -> found);
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aBrowserReturnedWhileACallerWaitsGoesToItNotToOneAskingThen() throws Exception {
        ResourceLease held = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "holder").withMaxWait(WAIT));
        CompletableFuture<ResourceLease> waiter = CompletableFuture.supplyAsync(() -> lease("waiter", WAIT), callers);
        assertTrue(RealChromium.await(() -> pool.status().waiting() == 1, WAIT), "the waiter waits");

        String browser = held.browserId();
        // the moment a thread returns the browser and asks again before the woken waiter runs, made certain: this
        // thread holds the pool's lock (reentrant) meanwhile, so that the waiter, woken, cannot take it yet
        ReentrantLock lock = poolLock();
        PoolRefusal refused;
        lock.lock();
        try {
            held.close(); // free at once: the waiter is woken
            refused = assertThrows(PoolRefusal.class, () -> pool.lease(LeaseRequest.of(BrowserRequirements.ANY,
                    "holder again").withMaxWait(Duration.ofMillis(1))), "the browser is the waiter's");
        } finally {
            lock.unlock();
        }

        assertEquals(PoolRefusal.Reason.WAIT_TIMED_OUT, refused.reason(), refused.getMessage());
        try (ResourceLease got = waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertEquals(browser, got.browserId(), "the waiter has the pool's one browser");
        }
    }

    @Test
    void callersThatWaitGetTheBrowserInTheOrderTheyCame() throws Exception {
        ResourceLease held = pool.lease(LeaseRequest.of(BrowserRequirements.ANY, "holder").withMaxWait(WAIT));
        List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String name = "waiter " + i;
            waiters.add(CompletableFuture.runAsync(() -> {
                try (ResourceLease lease = lease(name, WAIT)) {
                    served.add(name);
                }
            }, callers));
            int waiting = i;
            assertTrue(RealChromium.await(() -> pool.status().waiting() == waiting, WAIT), name + " waits");
        }

        held.close();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of("waiter 1", "waiter 2", "waiter 3", "waiter 4"), served);
    }

    private ReentrantLock poolLock() throws ReflectiveOperationException {
        java.lang.reflect.Field lock = BrowserPool.class.getDeclaredField("lock");
        lock.setAccessible(true);
        return (ReentrantLock) lock.get(pool);
    }

    private ResourceLease lease(String owner, Duration wait) {
        try {
            return pool.lease(LeaseRequest.of(BrowserRequirements.ANY, owner).withMaxWait(wait));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
