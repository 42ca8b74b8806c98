package io.dtf.notify.impl;

import io.dtf.notify.impl.config.Route;
import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.config.Rules;
import io.dtf.notify.impl.config.RulesException;
import io.dtf.notify.impl.config.RulesParser;
import io.dtf.notify.impl.config.InhibitRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing file ({@code etc/dtf-notify.yaml}), read again when it changes. A changed file that cannot be used is
 * refused with its problem (line and key) in the log and the routing status, and the rules read before stay in
 * force. Without a file, no route names a channel: every event is logged as unrouted, saying so.
 */
final class RoutingFile {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingFile.class);

    /** The rules without a routing file: the root route with no channel. */
    static final Rules NONE = new Rules(new Route("route", List.of(), null, false, RouteSettings.DEFAULTS, List.of()),
            List.of(InhibitRule.FAILED_RUN_MUTES_ITS_TASKS), Map.of(), 20, 10, false);

    private final Path file;
    private Object seen;

    RoutingFile(Path file) {
        this.file = file;
    }

    /** Reads the file if it changed since the last call, and gives the notifier its rules or its problem. */
    synchronized void reloadIfChanged(Notifier notifier) {
        Object now = fingerprint();
        if (Objects.equals(now, seen)) {
            return;
        }
        boolean first = seen == null;
        seen = now;
        if (now.equals("absent")) {
            notifier.rules(NONE, "no routing file " + file + ": no event is sent anywhere");
            LOG.warn("No routing file {}: notifications go nowhere until it is written", file);
            return;
        }
        try {
            Rules rules = RulesParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            notifier.rules(rules, file + ": " + count(rules.root()) + " routes, " + rules.inhibitRules().size()
                    + " inhibit rules, read " + java.time.Instant.now());
            LOG.info("Notification routing read from {}", file);
        } catch (RulesException | IOException e) {
            String problem = e instanceof IOException ? "cannot read " + file + ": " + e.getMessage() : e.getMessage();
            if (first) {
                notifier.rules(NONE, problem + "; no rules are in force: fix the file");
            } else {
                notifier.routingStatus(problem + "; the change was refused and the previous rules stay in force");
            }
            LOG.error("Notification routing refused: {}{}", problem,
                    first ? "; no rules are in force" : "; the previous rules stay in force");
        }
    }

    private Object fingerprint() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return List.of(modified, Files.size(file));
        } catch (IOException e) {
            return "absent";
        }
    }

    private static int count(Route route) {
        return 1 + route.routes().stream().mapToInt(RoutingFile::count).sum();
    }
}
