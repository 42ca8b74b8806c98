/** The reports bundle's implementation: private to the bundle. */
package io.dtf.ci.reports.impl;
