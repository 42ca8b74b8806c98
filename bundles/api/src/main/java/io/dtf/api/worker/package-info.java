/** Workers, their capabilities, and the gateway through which a worker talks to the coordinator. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package io.dtf.api.worker;
