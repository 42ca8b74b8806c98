/** The e-mail connector's implementation: private to the bundle. */
package io.dtf.connector.email.impl;
