/** The msteams connector's implementation: private to the bundle. */
package io.dtf.connector.msteams.impl;
