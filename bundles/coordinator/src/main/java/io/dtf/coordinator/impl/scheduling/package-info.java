/**
 * What a scheduling decision is made from: the queue indexed for schedulers ({@link
 * io.dtf.coordinator.impl.scheduling.PendingIndex}, split by scheduler in {@link
 * io.dtf.coordinator.impl.scheduling.SchedulerQueues}), tenants' usage, duration history, the
 * {@link io.dtf.coordinator.impl.scheduling.SchedulingSnapshot} that puts them together, and the
 * built-in FIFO scheduler. Public so that the test kit ({@code dtf-testkit}) builds a real
 * scheduling context from them; the package is private to the bundle (not exported). Not thread
 * safe: the engine's lock guards them.
 */
package io.dtf.coordinator.impl.scheduling;
