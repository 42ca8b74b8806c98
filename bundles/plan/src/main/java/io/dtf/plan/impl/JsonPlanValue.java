package io.dtf.plan.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.plan.PlanValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A value of the plan tree, read with {@link Values} so that its problems are the plan's. */
public final class JsonPlanValue implements PlanValue {
    /** The longest file path a plan may give. */
    static final int MAX_PATH = 4096;

    private final JsonNode node;
    private final String location;
    private final Values values;

    public JsonPlanValue(JsonNode node, String location, Values values) {
        this.node = node;
        this.location = location;
        this.values = values;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void problem(String message) {
        values.problem(location, message);
    }

    @Override
    public void problemAt(String key, String message) {
        values.problem(Keys.child(location, key), message);
    }

    @Override
    public void problemAt(int index, String message) {
        values.problem(Keys.index(location, index), message);
    }

    @Override
    public boolean isString() {
        return node.isTextual();
    }

    @Override
    public boolean has(String key) {
        return node.isObject() && !Values.absent(node.get(key));
    }

    @Override
    public Object plain() {
        return Values.plain(node);
    }

    @Override
    public Integer integer(int min, int max) {
        return values.integer(node, location, min, max);
    }

    @Override
    public List<String> strings() {
        return values.stringList(node, location);
    }

    @Override
    public String path() {
        return values.text(node, location, MAX_PATH);
    }

    @Override
    public Map<String, String> environment() {
        return values.stringMap(node, location,
                name -> name.contains("=") || name.indexOf('\0') >= 0 ? "a variable name cannot contain '='" : null);
    }

    @Override
    public Map<String, PlanValue> mapping(List<String> keys) {
        if (!node.isObject()) {
            problem("must be a mapping with " + String.join(", ", keys));
            return null;
        }
        Map<String, PlanValue> set = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String at = Keys.child(location, field.getKey());
            if (!keys.contains(field.getKey())) {
                values.problem(at, Keys.unknown(field.getKey(), keys));
            } else if (!Values.absent(field.getValue())) {
                set.put(field.getKey(), new JsonPlanValue(field.getValue(), at, values));
            }
        }
        return Collections.unmodifiableMap(set);
    }
}
