package io.dtf.api.connector;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a connector instance can do, for feature detection at run time: a caller asks before it calls (a
 * notification router that wants threads, a reporter that wants to attach a log) instead of trying and failing.
 * It may differ between instances of one type (a read-only token, a Jira project without attachments).
 *
 * @param operations the names {@link ExternalSystemConnector#executeOperation} takes ({@code transition_issue},
 *     {@code post_message}, {@code push_metrics}); by convention lower case with underscores
 * @param itemTypes per item type ({@code issue}, {@code comment}, {@code message}, {@code case}), what can be done
 *     with it
 * @param queryLanguage the language of {@link ItemQuery#text()} ({@code JQL}, {@code PromQL}), or {@code null} when
 *     queries take criteria only
 * @param rateLimit the system's documented limit for this instance's credentials, or {@code null} when not known
 */
public record ConnectorCapabilities(Set<String> operations, Map<String, Set<ItemAction>> itemTypes,
                                    String queryLanguage, RateLimit rateLimit) {
    public ConnectorCapabilities {
        operations = operations == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(operations));
        Map<String, Set<ItemAction>> types = new LinkedHashMap<>();
        if (itemTypes != null) {
            itemTypes.forEach((type, actions) -> types.put(type, actions == null || actions.isEmpty()
                    ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(actions))));
        }
        itemTypes = Collections.unmodifiableMap(types);
    }

    /** A connector that can do nothing but exist (and what a lookup shows for one whose capabilities failed). */
    public static ConnectorCapabilities none() {
        return new ConnectorCapabilities(Set.of(), Map.of(), null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@link ExternalSystemConnector#executeOperation} takes this operation. */
    public boolean supports(String operation) {
        return operations.contains(operation);
    }

    /** Whether items of this type can be acted on so. */
    public boolean supports(String itemType, ItemAction action) {
        return itemTypes.getOrDefault(itemType, Set.of()).contains(action);
    }

    /** Whether any item type can be queried. */
    public boolean queries() {
        return itemTypes.values().stream().anyMatch(actions -> actions.contains(ItemAction.QUERY));
    }

    /** Whether any item type takes attachments. */
    public boolean attachments() {
        return itemTypes.values().stream().anyMatch(actions -> actions.contains(ItemAction.ATTACH));
    }

    public Optional<RateLimit> limit() {
        return Optional.ofNullable(rateLimit);
    }

    /** Builds capabilities step by step: {@code builder().operations("post_message").item("message", CREATE).build()}. */
    public static final class Builder {
        private final Set<String> operations = new LinkedHashSet<>();
        private final Map<String, Set<ItemAction>> itemTypes = new LinkedHashMap<>();
        private String queryLanguage;
        private RateLimit rateLimit;

        private Builder() {
        }

        public Builder operations(String... names) {
            Collections.addAll(operations, names);
            return this;
        }

        /** What can be done with items of a type; adds to what was given for it before. */
        public Builder item(String type, ItemAction... actions) {
            Set<ItemAction> set = itemTypes.computeIfAbsent(type, t -> EnumSet.noneOf(ItemAction.class));
            Collections.addAll(set, actions);
            return this;
        }

        public Builder queryLanguage(String language) {
            this.queryLanguage = language;
            return this;
        }

        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = limit;
            return this;
        }

        public ConnectorCapabilities build() {
            return new ConnectorCapabilities(operations, itemTypes, queryLanguage, rateLimit);
        }
    }
}
