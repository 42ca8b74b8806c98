/** The coordinator facade used by the shell, the REST API and tools. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.dtf.api.coordinator;
