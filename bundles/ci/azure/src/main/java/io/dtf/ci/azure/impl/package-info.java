/** The azure bundle's implementation: private to the bundle. */
package io.dtf.ci.azure.impl;
