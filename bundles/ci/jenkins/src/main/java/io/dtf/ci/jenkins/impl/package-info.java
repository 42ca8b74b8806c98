/** The jenkins bundle's implementation: private to the bundle. */
package io.dtf.ci.jenkins.impl;
