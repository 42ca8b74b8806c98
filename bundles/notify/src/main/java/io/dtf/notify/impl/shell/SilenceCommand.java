package io.dtf.notify.impl.shell;

import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "silence",
        description = "Silences notifications by matchers: 'dtf:silence add branch=main run_name=~nightly.* --for 2h "
                + "--comment \"...\"', 'dtf:silence list [--expired]', 'dtf:silence expire ID'.")
@Service
public class SilenceCommand implements Action {
    @Reference
    Silences silences;

    @Argument(index = 0, name = "action", required = true, description = "add, list or expire")
    String action;

    @Argument(index = 1, name = "args", multiValued = true,
            description = "add: matchers (label=value, label=~regex); expire: the silence's id")
    List<String> args = new ArrayList<>();

    @Option(name = "--for", description = "How long a new silence lasts (30m, 2h, 1d; default 2h)")
    String duration = "2h";

    @Option(name = "--comment", description = "Why (shown in the list)")
    String comment = "";

    @Option(name = "--expired", description = "list: with the silences that are over")
    boolean expired;

    @Override
    public Object execute() throws CommandException {
        System.out.print(run(Instant.now()));
        return null;
    }

    String run(Instant now) throws CommandException {
        switch (action.toLowerCase(Locale.ROOT)) {
            case "add" -> {
                if (args.isEmpty()) {
                    throw new CommandException("dtf:silence add needs at least one matcher, e.g. branch=main");
                }
                List<Matcher> matchers = new ArrayList<>();
                for (String text : args) {
                    try {
                        matchers.add(Matcher.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new CommandException(e.getMessage());
                    }
                }
                Silence silence = silences.add(matchers, now, now.plus(duration(duration)), user(), comment);
                return "Silence " + silence.id() + " until " + silence.endsAt() + ": " + describe(silence) + "\n";
            }
            case "list" -> {
                return table(silences.list(expired), now);
            }
            case "expire" -> {
                if (args.size() != 1) {
                    throw new CommandException("dtf:silence expire needs the silence's id (see dtf:silence list)");
                }
                return silences.expire(args.get(0)).map(s -> "Silence " + s.id() + " expired\n")
                        .orElseThrow(() -> new CommandException("no silence has the id " + args.get(0)));
            }
            default -> throw new CommandException("unknown action '" + action + "': use add, list or expire");
        }
    }

    static Duration duration(String text) throws CommandException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new CommandException("--for must be a duration such as 30m, 2h or 1d, not '" + text + "'");
        }
    }

    private static String describe(Silence silence) {
        return silence.matchers().stream().map(m -> m.name() + (m.regex() ? "=~" : "=") + m.value())
                .collect(Collectors.joining(" "));
    }

    private static String table(List<Silence> list, Instant now) {
        ShellTable table = new ShellTable().emptyTableText("No silences");
        table.column("Id");
        table.column("Matchers").maxSize(50);
        table.column("State");
        table.column("Ends");
        table.column("By");
        table.column("Comment").maxSize(50);
        for (Silence s : list) {
            String state = s.activeAt(now) ? "active" : now.isBefore(s.startsAt()) ? "pending" : "expired";
            table.addRow().addContent(s.id(), describe(s), state, s.endsAt(), NotificationsCommand.orDash(s.createdBy()),
                    NotificationsCommand.orDash(s.comment()));
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        table.print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String user() {
        return System.getProperty("user.name", "karaf");
    }
}
