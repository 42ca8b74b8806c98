/** JSON mapping of the DTF API types shared by the REST API and its clients, and the HTTP client base. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.dtf.http;
