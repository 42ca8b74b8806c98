/**
 * DTF's test kit for plugin authors: what a plugin's unit tests need from DTF without running it.
 *
 * <ul>
 *   <li>Schedulers: {@link io.dtf.testkit.SchedulingContextBuilder} makes the {@code SchedulingContext} of one
 *   decision, over the coordinator's own pending-task index, tenant usage and duration history;
 *   {@link io.dtf.testkit.SchedulerHarness} drives a scheduler decision after decision as the coordinator's
 *   dispatch loop does, on a simulated clock, and fails on any assignment the coordinator would ignore;
 *   {@link io.dtf.testkit.TestQueue} is the pending-task index itself.</li>
 *   <li>Hooks and other users of the coordinator's services: {@link io.dtf.testkit.FakeCoordinator},
 *   {@link io.dtf.testkit.FakePluginRegistry} and {@link io.dtf.testkit.FakeWorkerGateway} (the coordinator as a
 *   worker sees it), which keep what a test puts in and record what the code under test does.</li>
 *   <li>Task executors: {@link io.dtf.testkit.TestTaskExecution}, what a worker hands an executor.</li>
 *   <li>Integrations and the code that uses them: {@link io.dtf.testkit.FakeCIProvider},
 *   {@link io.dtf.testkit.FakeConnector} and {@link io.dtf.testkit.FakeNotificationChannel}, in-memory systems that
 *   record every call and fail on demand (retryable, rate limited, for good) with the results real ones give; and the
 *   lookups {@link io.dtf.testkit.FakeCIProviders}, {@link io.dtf.testkit.FakeConnectors},
 *   {@link io.dtf.testkit.FakeNotificationChannels}; {@link io.dtf.testkit.StoredRuns} puts runs with test-level results
 *   into a real task store for the hooks that read them.</li>
 *   <li>Browser pools: {@link io.dtf.testkit.FakeResourcePool}, a pool without browsers whose status, capabilities
 *   and probe a test sets, for code that shows or operates a pool.</li>
 *   <li>Values: {@link io.dtf.testkit.TaskBuilder}, {@link io.dtf.testkit.RequirementsBuilder},
 *   {@link io.dtf.testkit.CapabilitiesBuilder}; time: {@link io.dtf.testkit.TestClock}, a clock the test moves.</li>
 * </ul>
 *
 * Nothing here is thread safe unless it says so; none of it needs a test framework (a failed check is an
 * {@link java.lang.AssertionError}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.dtf.testkit;
