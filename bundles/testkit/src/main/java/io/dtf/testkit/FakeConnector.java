package io.dtf.testkit;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemQuery;
import io.dtf.api.connector.ItemRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An {@link ExternalSystemConnector} for tests of code that uses connectors: an in-memory external system whose
 * items are made, changed, read, deleted, found and given attachments as a tracker's would, with operations the test
 * {@link #operation defines}, and failures the test {@link #failNext scripts}, as a real connector answers them:
 * retryable ({@code ExternalSystemResult.unavailable}), rate limited ({@code ExternalSystemResult.rateLimited}) or for
 * good ({@code ExternalSystemResult.rejected}).
 *
 * <ul>
 *   <li>A made item gets the id {@code 1}, {@code 2}, ... (across types), the key {@code FAKE-<id>} and the URL
 *   {@code fake://<type>/<id>}; {@link #getItem} and the others find it by id or key.</li>
 *   <li>{@link #query} matches criteria by equal field values and pages by the query's limit; a query in a language
 *   ({@link ItemQuery#text()}) is rejected.</li>
 *   <li>Without {@link #capabilities(ConnectorCapabilities) given capabilities} it does everything to any item type
 *   and says so; with them it refuses what they leave out, answering {@code unsupported} as a real one does.</li>
 * </ul>
 *
 * {@link #calls()} has a line per call but {@code capabilities()} and {@code isConnected()}, failed or not:
 * {@code connect}, {@code executeOperation <name> <parameters>}, {@code query <type> <criteria>},
 * {@code createItem <type> <fields>}, {@code updateItem <type> <id> <fields>}, {@code deleteItem <type> <id>},
 * {@code getItem <type> <id>}, {@code attach <type> <id> <name>}, {@code systemInfo}. Thread safe.
 */
public final class FakeConnector implements ExternalSystemConnector {
    private final CallLog log = new CallLog();
    private final Map<String, Function<Map<String, Object>, ExternalSystemResult>> operations = new LinkedHashMap<>();
    private final Map<String, ExternalItem> items = new LinkedHashMap<>();
    private final Map<String, List<String>> attachments = new LinkedHashMap<>();
    private ConnectorCapabilities capabilities;
    private boolean connected;
    private int nextId = 1;

    /** What it says it can do, and from now on does: nothing beyond. */
    public synchronized FakeConnector capabilities(ConnectorCapabilities given) {
        this.capabilities = Objects.requireNonNull(given, "given");
        return this;
    }

    /** An operation {@link #executeOperation} takes, answered by {@code handler} from the parameters. */
    public synchronized FakeConnector operation(String name, Function<Map<String, Object>, ExternalSystemResult> handler) {
        operations.put(name, handler);
        return this;
    }

    /** The next calls (any but {@code capabilities()} and {@code isConnected()}) fail with these, one each. */
    public FakeConnector failNext(ExternalSystemResult... failures) {
        log.failNext(failures);
        return this;
    }

    /** The items of a type now, in the order made. */
    public synchronized List<ExternalItem> items(String type) {
        return items.values().stream().filter(item -> item.type().equals(type)).toList();
    }

    /** The names of the files attached to an item, in order. */
    public synchronized List<String> attachments(ItemRef item) {
        ExternalItem found = find(item);
        return found == null ? List.of() : List.copyOf(attachments.getOrDefault(found.id(), List.of()));
    }

    /** Every call, one line each. */
    public List<String> calls() {
        return log.calls();
    }

    @Override
    public synchronized ConnectorCapabilities capabilities() {
        if (capabilities != null) {
            return capabilities;
        }
        ConnectorCapabilities.Builder everything = ConnectorCapabilities.builder()
                .operations(operations.keySet().toArray(String[]::new));
        items.values().forEach(item -> everything.item(item.type(), ItemAction.values()));
        return everything.build();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return answer("connect", () -> {
            connected = true;
            return ExternalSystemResult.ok();
        });
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        return answer("executeOperation " + operation + " " + parameters, () -> {
            Function<Map<String, Object>, ExternalSystemResult> handler = operations.get(operation);
            return handler == null || !allowedOperation(operation) ? ExternalSystemResult.unsupported(operation)
                    : handler.apply(parameters);
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> query(ItemQuery query) {
        return answer("query " + query.type() + " " + query.criteria(), () -> {
            if (!allowed(query.type(), ItemAction.QUERY)) {
                return ExternalSystemResult.unsupported("query of " + query.type());
            }
            if (query.text() != null) {
                return ExternalSystemResult.rejected("invalid_query", "the fake connector matches criteria only");
            }
            List<ExternalItem> matching = items(query.type()).stream().filter(item -> query.criteria().entrySet()
                    .stream().allMatch(c -> Objects.equals(item.fields().get(c.getKey()), c.getValue()))).toList();
            int from = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
            int to = Math.min(matching.size(), from + query.limit());
            return ExternalSystemResult.page(matching.subList(from, to), to < matching.size() ? String.valueOf(to) : null);
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        return answer("createItem " + type + " " + fields, () -> {
            if (!allowed(type, ItemAction.CREATE)) {
                return ExternalSystemResult.unsupported("createItem of " + type);
            }
            String id = String.valueOf(nextId++);
            ExternalItem item = new ExternalItem(type, id, "FAKE-" + id, URI.create("fake://" + type + "/" + id), fields);
            items.put(id, item);
            return ExternalSystemResult.ok(item);
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> updateItem(ItemRef ref, Map<String, Object> fields) {
        return answer("updateItem " + ref + " " + fields, () -> onItem(ref, ItemAction.UPDATE, "updateItem", item -> {
            Map<String, Object> merged = new LinkedHashMap<>(item.fields());
            merged.putAll(fields);
            ExternalItem updated = new ExternalItem(item.type(), item.id(), item.key(), item.url(), merged);
            items.put(item.id(), updated);
            return ExternalSystemResult.ok(updated);
        }));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> deleteItem(ItemRef ref) {
        return answer("deleteItem " + ref, () -> onItem(ref, ItemAction.DELETE, "deleteItem", item -> {
            items.remove(item.id());
            attachments.remove(item.id());
            return ExternalSystemResult.ok();
        }));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> getItem(ItemRef ref) {
        return answer("getItem " + ref, () -> onItem(ref, ItemAction.READ, "getItem", ExternalSystemResult::ok));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> attach(ItemRef ref, Path file, String name) {
        return answer("attach " + ref + " " + name, () -> onItem(ref, ItemAction.ATTACH, "attach", item -> {
            if (!Files.isRegularFile(file)) {
                return ExternalSystemResult.rejected("no_file", "no file to attach at " + file);
            }
            attachments.computeIfAbsent(item.id(), id -> new ArrayList<>()).add(name);
            return ExternalSystemResult.ok(item);
        }));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        return answer("systemInfo", () -> ExternalSystemResult.ok(Map.of("system", "fake", "items", items.size())));
    }

    /** Records the call, then answers the scripted failure or does the call, under this connector's lock. */
    private CompletableFuture<ExternalSystemResult> answer(String call, Supplier<ExternalSystemResult> work) {
        ExternalSystemResult failure = log.call(call);
        if (failure != null) {
            return CompletableFuture.completedFuture(failure);
        }
        synchronized (this) {
            return CompletableFuture.completedFuture(work.get());
        }
    }

    private ExternalSystemResult onItem(ItemRef ref, ItemAction action, String operation,
                                        Function<ExternalItem, ExternalSystemResult> work) {
        if (!allowed(ref.type(), action)) {
            return ExternalSystemResult.unsupported(operation + " of " + ref.type());
        }
        ExternalItem item = find(ref);
        return item == null ? ExternalSystemResult.notFound("no " + ref) : work.apply(item);
    }

    private ExternalItem find(ItemRef ref) {
        return items.values().stream().filter(item -> item.type().equals(ref.type())
                && (item.id().equals(ref.id()) || ref.id().equals(item.key()))).findFirst().orElse(null);
    }

    private boolean allowed(String type, ItemAction action) {
        return capabilities == null || capabilities.supports(type, action);
    }

    private boolean allowedOperation(String operation) {
        return capabilities == null || capabilities.supports(operation);
    }
}
