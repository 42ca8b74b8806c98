package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourcePool;
import java.io.PrintStream;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "pool-release",
        description = "Ends a lease of the browser pool now (an operator's action, e.g. for a holder that hangs): its "
                + "browser is killed and the holder's next call fails with LEASE_RECLAIMED; a job run by the pool is "
                + "retried in a fresh browser.")
@Service
public class PoolReleaseCommand extends PoolAction {
    @Argument(index = 0, name = "lease", required = true, description = "The lease's id (see dtf:pool)")
    @Completion(LeaseIdCompleter.class)
    String leaseId;

    @Override
    void run(PrintStream out) {
        ResourcePool browsers = requirePool();
        Optional<PoolStatus.Lease> held = browsers.status().leases().stream()
                .filter(l -> l.id().equals(leaseId)).findFirst();
        if (!browsers.reclaim(leaseId)) {
            throw new DtfException(ErrorCode.NOT_FOUND, "lease '" + leaseId + "' is not held: dtf:pool lists the "
                    + "leases held");
        }
        out.println("Lease " + leaseId + " reclaimed" + held.map(l -> " from " + Format.orNone(l.owner())
                + (l.browserId() == null ? "" : ": browser " + l.browserId() + " is killed")).orElse(""));
    }
}
