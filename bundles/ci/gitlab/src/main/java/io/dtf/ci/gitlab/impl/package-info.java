/** The gitlab bundle's implementation: private to the bundle. */
package io.dtf.ci.gitlab.impl;
