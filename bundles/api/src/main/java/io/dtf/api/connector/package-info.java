/**
 * External system connectors: the SPI that a connector bundle (Jira, Slack, TestRail, Prometheus, e-mail, Microsoft
 * Teams, ...) implements, and the lookup through which DTF and other plugins find the configured instances.
 *
 * <ul>
 *   <li>{@link io.dtf.api.connector.ExternalSystemConnector}: one service per configured instance, selected by its
 *   {@value io.dtf.api.connector.ExternalSystemConnector#TYPE} service property; its typed item operations and the
 *   generic {@link io.dtf.api.connector.ExternalSystemConnector#executeOperation executeOperation}.</li>
 *   <li>{@link io.dtf.api.connector.ConnectorCapabilities}: what an instance can do, for feature detection at run
 *   time.</li>
 *   <li>{@link io.dtf.api.connector.ExternalSystemResult}: the outcome of every call, failures included, with
 *   whether a failure is worth retrying and when ({@link io.dtf.api.connector.ExternalSystemException} carries a
 *   failed one through a future).</li>
 *   <li>{@link io.dtf.api.connector.Connectors}: finds instances by name or type, without {@code BundleContext}.</li>
 *   <li>{@link io.dtf.api.connector.InstanceName} and {@link io.dtf.api.connector.SecretProperties}: how an
 *   instance is named by its factory configuration, and how its configuration is shown without secrets; the CI
 *   and notification SPIs use them too.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.dtf.api.connector;
