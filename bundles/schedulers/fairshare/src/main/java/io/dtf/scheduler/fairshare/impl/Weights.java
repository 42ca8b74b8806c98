package io.dtf.scheduler.fairshare.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Tenants' weights, parsed once from the configuration and never changed. */
final class Weights {
    static final Weights EQUAL = new Weights(Map.of(), 1.0);

    private final Map<String, Double> byTenant;
    private final double defaultWeight;

    private Weights(Map<String, Double> byTenant, double defaultWeight) {
        this.byTenant = Map.copyOf(byTenant);
        this.defaultWeight = defaultWeight;
    }

    double of(String tenant) {
        Double weight = tenant == null ? null : byTenant.get(tenant);
        return weight == null ? defaultWeight : weight;
    }

    /**
     * Reads {@code tenant=weight} entries; an entry may hold several pairs separated by commas (a
     * {@code .cfg} file gives the whole list as one string). A pair that is not a tenant and a
     * positive number is reported to {@code problems} and skipped.
     */
    static Weights parse(String[] entries, double defaultWeight, Consumer<String> problems) {
        Map<String, Double> weights = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String pair : entry.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.lastIndexOf('=');
                String tenant = equals > 0 ? pair.substring(0, equals).trim() : "";
                Double weight = tenant.isEmpty() ? null : positive(pair.substring(equals + 1).trim());
                if (weight == null) {
                    problems.accept("ignoring weight '" + pair.trim() + "': expected tenant=weight, weight above 0");
                } else {
                    weights.put(tenant, weight);
                }
            }
        }
        if (!(defaultWeight > 0 && Double.isFinite(defaultWeight))) {
            problems.accept("ignoring defaultWeight " + defaultWeight + ": it must be above 0; using 1");
            defaultWeight = 1.0;
        }
        return new Weights(weights, defaultWeight);
    }

    private static Double positive(String text) {
        try {
            double value = Double.parseDouble(text);
            return value > 0 && Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    @Override
    public String toString() {
        return byTenant + ", others " + defaultWeight;
    }
}
