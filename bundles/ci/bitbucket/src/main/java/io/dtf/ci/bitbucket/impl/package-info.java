/** The bitbucket bundle's implementation: private to the bundle. */
package io.dtf.ci.bitbucket.impl;
