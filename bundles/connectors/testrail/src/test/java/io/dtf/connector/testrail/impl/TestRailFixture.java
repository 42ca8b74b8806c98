package io.dtf.connector.testrail.impl;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.store.TaskStore;
import io.dtf.http.testing.ManualHttpTime;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the TestRail tests share: a connector of a configuration, and test cases as DTF stores them. */
final class TestRailFixture {
    static final String USER = "qa-bot@acme.example";
    static final String API_KEY = "nZ7bq1v0Lr3kxT9aE2wY-example";

    private TestRailFixture() {
    }

    /** A connector of this configuration (keys as in the .cfg file; the rest their defaults), on manual time. */
    static TestRailConnector connector(ManualHttpTime time, Map<String, Object> settings) {
        return connector(null, time, settings);
    }

    /** A connector that reports the finished runs of this store ({@code null}: the tests of operations deliver no events). */
    static TestRailConnector connector(TaskStore store, ManualHttpTime time, Map<String, Object> settings) {
        TestRailConnector connector = new TestRailConnector(store);
        connector.activate(config(settings), Map.of("service.pid", "io.dtf.connector.testrail~qa"), time);
        return connector;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.connector.testrail-<name>.cfg. */
    static TestRailConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.equals(".apiKey") ? "_apiKey" : key, value));
        return (TestRailConfig) Proxy.newProxyInstance(TestRailConfig.class.getClassLoader(),
                new Class<?>[] {TestRailConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static ManualHttpTime time() {
        return new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    }

    /** A test case with JUnit XML properties. */
    static TestCaseResult test(String name, TestCaseStatus status, long millis, Map<String, String> properties) {
        return new TestCaseResult("api", "org.example.LoginTest", name, status, Duration.ofMillis(millis),
                status.isFailure() ? "expected 401 but was 200" : null,
                status.isFailure() ? "java.lang.AssertionError: expected 401 but was 200\n\tat LoginTest.java:42" : null,
                false, properties, null, null);
    }

    /** A test case mapped by the default property testrail_case_id. */
    static TestCaseResult mapped(String name, TestCaseStatus status, long millis, String caseId) {
        return test(name, status, millis, Map.of("testrail_case_id", caseId));
    }
}
