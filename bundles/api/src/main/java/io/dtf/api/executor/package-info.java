/** Task executors, by task type, used by workers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.dtf.api.executor;
