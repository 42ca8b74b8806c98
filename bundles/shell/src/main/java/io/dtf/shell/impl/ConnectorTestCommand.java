package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.connector.Connectors;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.api.notify.Severity;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "dtf", name = "connector-test",
        description = "Checks a connector instance: a chat or e-mail channel gets a test message, any other connector "
                + "connects (address reachable, credentials accepted). Prints the outcome.")
@Service
public class ConnectorTestCommand extends DtfAction {
    /** How long the check may take. */
    static final long TIMEOUT_SECONDS = 60;

    @Reference
    Connectors connectors;

    @Reference
    NotificationChannels channels;

    @Argument(index = 0, name = "name", required = true, description = "The instance's name (see dtf:connectors)")
    String name;

    @Override
    void run(PrintStream out) throws Exception {
        Optional<NotificationChannel> channel = channels.byName(name);
        CompletableFuture<ExternalSystemResult> check;
        String what;
        if (channel.isPresent()) {
            what = "test message";
            check = channel.get().send(testMessage(name));
        } else {
            ExternalSystemConnector connector = connectors.byName(name)
                    .orElseThrow(() -> DtfException.notFound("connector", name));
            what = "connection";
            check = connector.connect();
        }
        ExternalSystemResult result;
        try {
            result = check.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            result = ExternalSystemResult.unavailable("timeout", "no answer within " + TIMEOUT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            result = ExternalSystemResult.failure(e.getCause());
        }
        out.println(name + " " + what + ": " + (result.success() ? "OK" + result.item()
                .map(item -> " (" + item.type() + " " + (item.url() != null ? item.url() : item.key() != null ? item.key()
                        : item.id()) + ")").orElse("") : result.describe()));
    }

    /** The message a channel gets from dtf:connector-test. */
    static Notification testMessage(String instance) {
        return Notification.builder("DTF test message", Severity.INFO)
                .text("This is a test of the notification channel **" + instance + "**, sent by `dtf:connector-test`.")
                .field("channel", instance).build();
    }
}
