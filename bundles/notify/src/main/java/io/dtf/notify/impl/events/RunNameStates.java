package io.dtf.notify.impl.events;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtf.notify.impl.files.DataFiles;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each run name ended the last time, kept in the data area ({@value #FILE}): what "first failure" and "back to
 * normal" of a run name are measured against. The state before the latest run is kept too, so that a
 * {@code RUN_COMPLETED} delivered again gives the same answer.
 */
public final class RunNameStates {
    static final String FILE = "run-names.json";
    /** The failing tests kept per run name: enough to tell which came back to normal. */
    static final int FAILING_KEPT = 500;

    /**
     * @param run the latest run of the name
     * @param state how it ended
     * @param failing its failing tests, id to readable name
     * @param previousState how the run before it ended, or {@code null}
     * @param previousFailing the failing tests of the run before it
     */
    public record State(String run, String state, Map<String, String> failing, String previousState,
                        Map<String, String> previousFailing) {
    }

    private final DataFiles files;
    private final Map<String, State> states;

    public RunNameStates(DataFiles files) {
        this.files = files;
        this.states = new HashMap<>(files.read(FILE, new TypeReference<Map<String, State>>() { }).orElse(Map.of()));
    }

    /**
     * Records how a run of a name ended, and answers the state before it: {@code null} fields when the name never
     * ran before.
     */
    public synchronized State record(String name, String run, String state, Map<String, String> failing) {
        State last = states.get(name);
        if (last != null && last.run().equals(run)) {
            return new State(null, last.previousState(), last.previousFailing(), null, null);
        }
        Map<String, String> kept = new LinkedHashMap<>();
        failing.entrySet().stream().limit(FAILING_KEPT).forEach(e -> kept.put(e.getKey(), e.getValue()));
        states.put(name, new State(run, state, kept, last == null ? null : last.state(),
                last == null ? Map.of() : last.failing()));
        files.write(FILE, states);
        return last == null ? new State(null, null, Map.of(), null, null)
                : new State(null, last.state(), last.failing(), null, null);
    }
}
