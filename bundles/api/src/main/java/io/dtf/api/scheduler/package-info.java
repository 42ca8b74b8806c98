/** Scheduler plugins: pure decisions from a scheduling context to assignments. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.1")
package io.dtf.api.scheduler;
