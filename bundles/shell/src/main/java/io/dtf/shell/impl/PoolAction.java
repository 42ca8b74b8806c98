package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.pool.ResourcePool;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What the {@code dtf:pool*} commands share: the browser pool, which is optional (feature {@code dtf-browser-pool}),
 * so that the commands are there and say what to do when it is not running.
 */
abstract class PoolAction extends DtfCommand {
    /** What the commands say when there is no browser pool. */
    static final String NOT_RUNNING = "The browser pool is not running: install the feature dtf-browser-pool and see "
            + "etc/io.dtf.pool.browser.cfg";

    @Reference(optional = true, filter = "(" + ResourcePool.PROPERTY + "=browser)")
    ResourcePool pool;

    /** @throws DtfException {@link #NOT_RUNNING} when there is no pool */
    ResourcePool requirePool() {
        if (pool == null) {
            throw new DtfException(ErrorCode.STORE_UNAVAILABLE, NOT_RUNNING);
        }
        return pool;
    }
}
