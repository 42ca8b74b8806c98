package io.dtf.api.connector;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connection to an external system (Jira, Slack, TestRail, Prometheus, e-mail, Microsoft Teams, ...): a service
 * with the {@value #TYPE} property naming the system, one per configured instance. A connector bundle's component
 * takes its configuration from the factory PID {@code io.dtf.connector.<type>}, so that each file
 * {@code etc/io.dtf.connector.<type>-<name>.cfg} is an instance of its own, named {@code <name>}
 * ({@link InstanceName}); its secrets are private properties ({@code .token = ${env:NAME}}), never published.
 * Activation is the seed's {@code initialize(config)}, deactivation its {@code close()}.
 *
 * <p>Every call is asynchronous and completes its future with an {@link ExternalSystemResult} for every outcome,
 * failures included (the system refused, could not be reached, limited the rate): it does not complete
 * exceptionally for them, and it never blocks the caller's thread on I/O. What an instance can do is in its
 * {@link #capabilities()}; the typed item calls a connector does not support answer
 * {@link ExternalSystemResult#unsupported} (their defaults), as does {@link #executeOperation} for an operation it
 * does not know. A caller that must not do a thing twice when a call is repeated (an event delivered again) makes
 * it findable: a label or field with the event's id, looked up with {@link #query} first.
 */
@ConsumerType
public interface ExternalSystemConnector {
    /** Service property naming the external system: {@code jira}, {@code slack}, {@code testrail}, ... */
    String TYPE = "dtf.connector.type";
    /** Optional service property naming the instance, when its configuration's name will not do. */
    String NAME = "dtf.connector.name";
    /** The factory PID of a connector type's configurations: this prefix and the type. */
    String PID_PREFIX = "io.dtf.connector.";

    /** What this instance can do. Cheap and without I/O: callers ask before each call. */
    ConnectorCapabilities capabilities();

    /**
     * Checks the configuration against the system (reachable, credentials accepted) and gets ready for calls.
     * Repeating it is harmless; the other calls connect on demand, so calling it first is optional.
     */
    CompletableFuture<ExternalSystemResult> connect();

    /** Whether the last contact with the system succeeded. Without I/O. */
    boolean isConnected();

    /**
     * An operation by name with its parameters: the seed's generic entry point, for what the typed calls do not
     * cover ({@code transition_issue}, {@code add_reaction}, {@code push_metrics}). The operations are listed in
     * {@link ConnectorCapabilities#operations()} and documented by each connector.
     */
    CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters);

    /** Items of a type that match; one page, with {@link ExternalSystemResult#nextCursor()} for the next. */
    default CompletableFuture<ExternalSystemResult> query(ItemQuery query) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("query"));
    }

    /** Makes an item; the result holds it, with its id and URL. */
    default CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("createItem"));
    }

    /** Changes the given fields of an item and leaves the others; the result holds the item as it is now. */
    default CompletableFuture<ExternalSystemResult> updateItem(ItemRef item, Map<String, Object> fields) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("updateItem"));
    }

    /** Deletes an item; one that is not there answers {@link ExternalSystemResult.Status#NOT_FOUND}. */
    default CompletableFuture<ExternalSystemResult> deleteItem(ItemRef item) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("deleteItem"));
    }

    /** Reads an item; one that is not there answers {@link ExternalSystemResult.Status#NOT_FOUND}. */
    default CompletableFuture<ExternalSystemResult> getItem(ItemRef item) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("getItem"));
    }

    /** Attaches a file to an item under a name; streamed, never read into memory whole. */
    default CompletableFuture<ExternalSystemResult> attach(ItemRef item, Path file, String name) {
        return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("attach"));
    }

    /**
     * What the system says about itself (product, version, server time, the account the credentials belong to)
     * in {@link ExternalSystemResult#data()}; never secrets.
     */
    CompletableFuture<ExternalSystemResult> systemInfo();
}
