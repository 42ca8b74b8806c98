package io.dtf.pool.browser.impl.settings;

import io.dtf.api.connector.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The pool's settings, checked.
 *
 * @param profiles the kinds of browser, in the order they are tried
 * @param maxUses leases per browser before it is discarded
 * @param idle how long a browser above its profile's minimum may stay idle
 * @param queueLimit callers that may wait for a browser
 * @param healthCheck whether a returned browser is checked and reset
 * @param start how long starting a browser may take
 * @param command a command's time limit when the caller gives none
 * @param grace how long after its time limit a command counts as hung
 * @param slowPercent how much slower than the median a job is slow
 * @param historySize latencies kept per job key, profile and backend
 * @param historyMinimum latencies needed before slow jobs are reported
 * @param maxMemoryMb the memory (PSS) all browsers of the pool may use together, drivers included; 0 for no limit
 * @param hangFactor a job's first try whose key has a history (at least {@code historyMinimum} jobs) counts as hung
 *     after this many times the key's 95th percentile, at least {@code hangFloor}, when that is before its own time
 *     limit; 0 for never
 * @param hangFloor the least time a first try gets from its key's history
 */
public record PoolSettings(List<ProfileSettings> profiles, int maxUses, Duration idle, int queueLimit,
                           boolean healthCheck, Duration start, Duration command, Duration grace, int slowPercent,
                           int historySize, int historyMinimum, int maxMemoryMb, int hangFactor, Duration hangFloor) {
    /** The default of {@link #hangFactor}. */
    public static final int HANG_FACTOR = 10;
    /** The default of {@link #hangFloor}, in seconds. */
    public static final int HANG_FLOOR_SECONDS = 10;
    /** The configuration's PID, which every message about a bad setting starts with. */
    public static final String PID = "io.dtf.pool.browser";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public PoolSettings {
        profiles = List.copyOf(profiles);
    }

    /**
     * Settings from a configuration.
     *
     * @param names the profiles' names
     * @param chrome the chrome profile's value of a key ({@code backend}), defaults applied
     * @param properties the configuration's properties, where the other profiles' keys are
     * @param pool the pool-wide settings ({@link #pool})
     * @throws IllegalArgumentException naming the PID, the setting and the problem
     */
    public static PoolSettings of(String[] names, Function<String, Object> chrome, Map<String, ?> properties,
                                  PoolSettings pool) {
        try {
            return pool.withProfiles(profiles(names, new ConfigReader(chrome, properties)));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": " + bad.getMessage(), bad);
        }
    }

    private static List<ProfileSettings> profiles(String[] names, ConfigReader reader) {
        Set<String> unique = new LinkedHashSet<>();
        for (String trimmed : ConfigReader.split(names, ConfigReader.NAMES)) {
            if (!NAME.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("profiles: '" + trimmed + "' is not a profile name (lower-case letters, "
                        + "digits and dashes, starting with a letter)");
            }
            if (!unique.add(trimmed)) {
                throw new IllegalArgumentException("profiles: '" + trimmed + "' is named twice");
            }
        }
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("profiles must name at least one profile (chrome)");
        }
        List<ProfileSettings> profiles = new ArrayList<>();
        for (String name : unique) {
            profiles.add(ProfileSettings.parse(name, reader));
        }
        return profiles;
    }

    /** Pool-wide settings checked, with no profiles yet. */
    public static PoolSettings pool(int maxUses, int idleSeconds, int queueLimit, boolean healthCheck, int startSeconds,
                                    int commandSeconds, int graceSeconds, int slowPercent, int historySize,
                                    int historyMinimum) {
        return new PoolSettings(List.of(), atLeast("maxUses", maxUses, 1), seconds("idleSeconds", idleSeconds),
                atLeast("queueLimit", queueLimit, 0), healthCheck, seconds("startSeconds", startSeconds),
                seconds("commandSeconds", commandSeconds), seconds("graceSeconds", graceSeconds),
                atLeast("slowPercent", slowPercent, 1), atLeast("historySize", historySize, 2),
                atLeast("historyMinimum", historyMinimum, 1), 0, HANG_FACTOR, Duration.ofSeconds(HANG_FLOOR_SECONDS));
    }

    public PoolSettings withProfiles(List<ProfileSettings> value) {
        return new PoolSettings(value, maxUses, idle, queueLimit, healthCheck, start, command, grace, slowPercent,
                historySize, historyMinimum, maxMemoryMb, hangFactor, hangFloor);
    }

    /** These settings with a memory limit for all browsers together (0: none). */
    public PoolSettings withMaxMemoryMb(int value) {
        return new PoolSettings(profiles, maxUses, idle, queueLimit, healthCheck, start, command, grace, slowPercent,
                historySize, historyMinimum, atLeast("maxMemoryMb", value, 0), hangFactor, hangFloor);
    }

    /**
     * These settings with the first try's time limit from its key's history: {@code factor} times the key's 95th
     * percentile (0: never), at least {@code floorSeconds}.
     */
    public PoolSettings withHangLimit(int factor, int floorSeconds) {
        return new PoolSettings(profiles, maxUses, idle, queueLimit, healthCheck, start, command, grace, slowPercent,
                historySize, historyMinimum, maxMemoryMb, atLeast("hangFactor", factor, 0),
                seconds("hangFloorSeconds", floorSeconds));
    }

    private static Duration seconds(String key, int value) {
        return Duration.ofSeconds(atLeast(key, value, 1));
    }

    private static int atLeast(String key, int value, int least) {
        return ConfigValues.atLeast(PID, key, value, least);
    }
}
