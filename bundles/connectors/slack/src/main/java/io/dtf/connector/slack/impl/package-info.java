/** The slack connector's implementation: private to the bundle. */
package io.dtf.connector.slack.impl;
