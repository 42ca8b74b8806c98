/** Runs, tasks, their states and results. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package io.dtf.api.task;
