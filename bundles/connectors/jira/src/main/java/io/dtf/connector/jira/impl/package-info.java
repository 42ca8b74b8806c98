/** The jira connector's implementation: private to the bundle. */
package io.dtf.connector.jira.impl;
