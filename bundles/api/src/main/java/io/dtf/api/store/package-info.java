/** Durable storage of runs, tasks, attempts and results. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.dtf.api.store;
