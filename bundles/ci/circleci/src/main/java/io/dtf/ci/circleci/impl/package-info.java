/** The circleci bundle's implementation: private to the bundle. */
package io.dtf.ci.circleci.impl;
