package io.dtf.notify.impl.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class SilenceCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    /** Silences in a list, as the notification system keeps them. */
    private static final class Listed implements Silences {
        final List<Silence> all = new ArrayList<>();

        @Override
        public Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
            Silence s = new Silence("s" + (all.size() + 1), matchers, startsAt, endsAt, createdBy, comment);
            all.add(s);
            return s;
        }

        @Override
        public List<Silence> list(boolean expired) {
            return all.stream().filter(s -> expired || s.endsAt().isAfter(NOW)).toList();
        }

        @Override
        public Optional<Silence> expire(String id) {
            for (int i = 0; i < all.size(); i++) {
                Silence s = all.get(i);
                if (s.id().equals(id)) {
                    Silence ended = new Silence(s.id(), s.matchers(), s.startsAt().minusSeconds(1), NOW, s.createdBy(),
                            s.comment());
                    all.set(i, ended);
                    return Optional.of(ended);
                }
            }
            return Optional.empty();
        }
    }

    private SilenceCommand command(Listed silences, String action, String... args) {
        SilenceCommand command = new SilenceCommand();
        command.silences = silences;
        command.action = action;
        command.args = new ArrayList<>(List.of(args));
        return command;
    }

    @Test
    void silencesAreAddedListedAndExpiredByMatchers() throws Exception {
        Listed silences = new Listed();
        SilenceCommand add = command(silences, "add", "branch=main", "run_name=~nightly.*");
        add.duration = "90m";
        add.comment = "known outage";
        assertEquals("Silence s1 until 2026-12-07T11:30:00Z: branch=main run_name=~nightly.*\n", add.run(NOW));
        String list = command(silences, "list").run(NOW);
        assertTrue(list.contains("s1") && list.contains("active") && list.contains("known outage"), list);
        assertEquals("Silence s1 expired\n", command(silences, "expire", "s1").run(NOW));
        assertTrue(command(silences, "list").run(NOW).contains("No silences"));
    }

    @Test
    void badInputIsNamed() {
        Listed silences = new Listed();
        assertEquals("dtf:silence add needs at least one matcher, e.g. branch=main",
                assertThrows(CommandException.class, () -> command(silences, "add").run(NOW)).getMessage());
        SilenceCommand longer = command(silences, "add", "branch=main");
        longer.duration = "soon";
        assertEquals("--for must be a duration such as 30m, 2h or 1d, not 'soon'",
                assertThrows(CommandException.class, () -> longer.run(NOW)).getMessage());
        assertEquals("no silence has the id s9",
                assertThrows(CommandException.class, () -> command(silences, "expire", "s9").run(NOW)).getMessage());
        assertEquals("unknown action 'mute': use add, list or expire",
                assertThrows(CommandException.class, () -> command(silences, "mute").run(NOW)).getMessage());
        assertEquals(Duration.ofDays(1), assertDoesNotThrowDuration("1d"));
    }

    private static Duration assertDoesNotThrowDuration(String text) {
        try {
            return SilenceCommand.duration(text);
        } catch (CommandException e) {
            throw new AssertionError(e);
        }
    }
}
