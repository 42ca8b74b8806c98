package io.dtf.api.pool;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work done in a browser. It may run more than once (in a fresh browser after a {@link BrowserFault}), so it must not
 * depend on state left by an earlier try.
 */
@FunctionalInterface
@ConsumerType
public interface BrowserJob<T> {
    T run(BrowserSession session) throws Exception;
}
