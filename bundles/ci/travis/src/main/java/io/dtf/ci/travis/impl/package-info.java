/** The travis bundle's implementation: private to the bundle. */
package io.dtf.ci.travis.impl;
