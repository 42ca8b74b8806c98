package io.dtf.coordinator.impl.lookup;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ItemAction;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** A connector whose operations answer as a test says, and whose capabilities may break. */
final class StubConnector implements ExternalSystemConnector {
    private final BiFunction<String, Map<String, Object>, CompletableFuture<ExternalSystemResult>> operations;
    volatile RuntimeException capabilitiesFailure;

    StubConnector(BiFunction<String, Map<String, Object>, CompletableFuture<ExternalSystemResult>> operations) {
        this.operations = operations;
    }

    /** A connector whose every operation succeeds at once with its name in the data. */
    static StubConnector answering(String answer) {
        return new StubConnector((operation, parameters) -> CompletableFuture.completedFuture(
                ExternalSystemResult.ok(Map.of("answer", answer))));
    }

    @Override
    public ConnectorCapabilities capabilities() {
        if (capabilitiesFailure != null) {
            throw capabilitiesFailure;
        }
        return ConnectorCapabilities.builder().operations("post_message").item("message", ItemAction.CREATE).build();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return CompletableFuture.completedFuture(ExternalSystemResult.ok());
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        return operations.apply(operation, parameters);
    }

    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        return CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("version", "1")));
    }
}
