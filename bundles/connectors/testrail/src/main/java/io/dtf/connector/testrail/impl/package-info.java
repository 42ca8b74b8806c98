/** The testrail connector's implementation: private to the bundle. */
package io.dtf.connector.testrail.impl;
