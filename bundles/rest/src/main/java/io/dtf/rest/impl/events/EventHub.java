package io.dtf.rest.impl.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import io.dtf.http.DtfJson;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.http.RestError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans {@link DtfEvent}s out to the clients of {@code GET /api/v1/events}. It is a {@link Hook} (all
 * hook types), so the coordinator hands it events on a thread of its own; {@link #on} never blocks:
 * each client has a bounded buffer, and a writer thread drains it into the client's stream. A client
 * too slow for its buffer loses events and is told how many ({@code event: dropped}).
 */
@Component(service = {Hook.class, EventHub.class}, configurationPid = RestConfig.PID)
public final class EventHub implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger threads = new AtomicInteger();
    private int maxClients;
    private int bufferSize;
    private ExecutorService writers;
    private ScheduledExecutorService heartbeat;

    public EventHub() {
    }

    @Activate
    void activate(RestConfig config) {
        start(config.maxEventClients(), config.eventBufferSize(), config.eventHeartbeatSeconds() * 1000L);
    }

    /** Starts the hub; for tests without DS. */
    public void start(int maxClients, int bufferSize, long heartbeatMillis) {
        this.maxClients = maxClients;
        this.bufferSize = bufferSize;
        // at most one drain per client runs at a time, so this many threads never refuse one
        this.writers = new ThreadPoolExecutor(0, maxClients, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "dtf-rest-events-" + threads.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dtf-rest-events-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Deactivate
    public void stop() {
        heartbeat.shutdownNow();
        for (Client client : List.copyOf(clients)) {
            client.close();
        }
        writers.shutdownNow();
    }

    /** A connected client: where its events go, which types it wants, and how to end its stream. */
    interface Stream {
        OutputStream output() throws IOException;

        void close();
    }

    /**
     * Connects a client.
     *
     * @param types the hook types it wants; empty for all
     * @throws RestError 429 when {@code maxEventClients} are connected already
     */
    Client open(Stream stream, Set<HookType> types) {
        Client client = new Client(stream, types, bufferSize);
        synchronized (clients) {
            if (clients.size() >= maxClients) {
                throw new RestError(ErrorCode.TOO_MANY_REQUESTS, maxClients + " event clients are connected, the "
                        + "limit (maxEventClients); try again later", List.of(), Map.of("Retry-After", "5"));
            }
            clients.add(client);
        }
        return client;
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void on(DtfEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        byte[] frame;
        try {
            frame = ("id: " + ids.incrementAndGet() + "\nevent: " + event.type().name() + "\ndata: "
                    + DtfJson.mapper().writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            LOG.warn("Event {} cannot be written as JSON: {}", event.type(), e.getOriginalMessage());
            return;
        }
        for (Client client : clients) {
            if (client.wants(event.type())) {
                client.offer(frame);
            }
        }
    }

    private void beat() {
        for (Client client : clients) {
            client.heartbeat();
        }
    }

    /** One client: a bounded buffer of frames, drained by at most one writer at a time. */
    final class Client {
        private final Stream stream;
        private final Set<HookType> types;
        private final BlockingQueue<byte[]> buffer;
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile boolean started;

        Client(Stream stream, Set<HookType> types, int bufferSize) {
            this.stream = stream;
            this.types = Set.copyOf(types);
            this.buffer = new ArrayBlockingQueue<>(bufferSize);
        }

        boolean wants(HookType type) {
            return types.isEmpty() || types.contains(type);
        }

        void offer(byte[] frame) {
            if (!buffer.offer(frame)) {
                dropped.incrementAndGet();
            }
            kick();
        }

        void heartbeat() {
            if (buffer.isEmpty()) {
                buffer.offer(HEARTBEAT);
            }
            kick();
        }

        /** From now on buffered events are written; until then the stream is the caller's to write. */
        void start() {
            started = true;
            kick();
        }

        private void kick() {
            if (!started || closed.get() || !draining.compareAndSet(false, true)) {
                return;
            }
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                close();
            }
        }

        private void drain() {
            do {
                try {
                    OutputStream out = stream.output();
                    long lost = dropped.getAndSet(0);
                    if (lost > 0) {
                        out.write(("event: dropped\ndata: {\"dropped\":" + lost + "}\n\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    for (byte[] frame = buffer.poll(); frame != null; frame = buffer.poll()) {
                        out.write(frame);
                    }
                    out.flush();
                } catch (IOException | RuntimeException gone) {
                    LOG.debug("Event client went away: {}", gone.toString());
                    close();
                    return;
                } finally {
                    draining.set(false);
                }
            } while ((!buffer.isEmpty() || dropped.get() > 0) && !closed.get() && draining.compareAndSet(false, true));
        }

        /** Ends the stream and forgets the client; safe to call more than once. */
        void close() {
            if (closed.compareAndSet(false, true)) {
                clients.remove(this);
                buffer.clear();
                stream.close();
            }
        }
    }
}
