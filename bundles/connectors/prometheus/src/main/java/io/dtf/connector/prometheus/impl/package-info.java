/** The prometheus connector's implementation: private to the bundle. */
package io.dtf.connector.prometheus.impl;
