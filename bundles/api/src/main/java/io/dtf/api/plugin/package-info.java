/** Plugins and hooks: whiteboard services that receive DTF events. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.dtf.api.plugin;
