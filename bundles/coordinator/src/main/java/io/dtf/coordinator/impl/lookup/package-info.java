/**
 * The typed lookups of the integration SPIs ({@code CIProviders}, {@code Connectors}, {@code NotificationChannels}):
 * components that keep the registered services with their properties as Declarative Services binds and unbinds
 * them, and hand out guarded stand-ins that survive a service going away during a call.
 */
package io.dtf.coordinator.impl.lookup;
