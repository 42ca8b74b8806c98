/** The github bundle's implementation: private to the bundle. */
package io.dtf.ci.github.impl;
