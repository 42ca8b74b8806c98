package io.dtf.rest.impl.auth;

import io.dtf.rest.impl.http.Role;
import java.io.PrintStream;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code dtf:token}: shows the REST token generated at first start again, or makes a new token with
 * the entry that configures it.
 */
@Command(scope = "dtf", name = "token", description = "Shows the REST API token generated at first start (admin, or "
        + "--worker), or generates a new token for etc/io.dtf.rest.cfg (--generate ROLE).")
@Service
public class TokenCommand implements Action {

    @Reference
    Authenticator authenticator;

    @Option(name = "--worker", aliases = "-w", description = "Show the generated worker token instead of the admin token")
    boolean worker;

    @Option(name = "--generate", aliases = "-g", description = "Make a new random token for this role (admin, submitter, "
            + "viewer, worker) and print it with the .tokens entry that configures it; nothing is changed",
            valueToShowInHelp = "ROLE")
    String generate;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws Exception {
        if (generate != null) {
            Role role = Role.ofToken(generate);
            if (role == null) {
                throw new CommandException("Unknown role '" + generate + "': use admin, submitter, viewer or worker");
            }
            String token = TokenFile.newToken();
            out.println("Token:  " + token);
            out.println("Entry:  " + TokenTable.configEntry(role, token));
            out.println("Add the entry to .tokens in etc/io.dtf.rest.cfg (entries are separated by commas); give the "
                    + "token to its user. Once any token is configured, the generated ones stop working.");
            return;
        }
        Role role = worker ? Role.WORKER : Role.ADMIN;
        if (!authenticator.usingGenerated()) {
            throw new CommandException("The REST API uses the tokens configured in etc/io.dtf.rest.cfg: they are kept "
                    + "only as hashes and cannot be shown. dtf:token --generate ROLE makes a new one.");
        }
        Optional<String> token = authenticator.generatedToken(role);
        if (token.isEmpty()) {
            throw new CommandException("No " + role.id() + " token was generated (see the log); "
                    + authenticator.tokenFile().path() + " should hold it");
        }
        out.println(token.get());
    }
}
