package io.dtf.shell.impl;

import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourcePool;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the browser pool's leases held now (none when the pool is not running). */
@Service
public class LeaseIdCompleter implements Completer {
    @Reference(optional = true, filter = "(" + ResourcePool.PROPERTY + "=browser)")
    ResourcePool pool;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = pool == null ? List.of() : pool.status().leases().stream().map(PoolStatus.Lease::id).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
