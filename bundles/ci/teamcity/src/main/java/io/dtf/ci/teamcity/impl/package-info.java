/** The teamcity bundle's implementation: private to the bundle. */
package io.dtf.ci.teamcity.impl;
