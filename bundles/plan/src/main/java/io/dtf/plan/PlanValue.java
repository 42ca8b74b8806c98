package io.dtf.plan;

import io.dtf.plan.impl.Keys;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One value of a plan, with where it is ({@code tasks[2].select}): what a {@link TaskTypeDefinition} reads its
 * keys from. Each typed read returns the value, or reports what is wrong at the value's location and returns
 * {@code null}; so problems read as those of the built-in keys ({@code tasks[2].select.tags: must be a list of
 * strings}). Keys that are left out, {@code null} or empty are never handed over: for the plan they are not set.
 */
@ProviderType
public interface PlanValue {

    /** Where the value is, as problems show it: {@code tasks[2].select}. */
    String location();

    /** Reports a problem with this value. */
    void problem(String message);

    /** Reports a problem at a key of this mapping, set or not ({@code tasks[2].split.shards: required}). */
    void problemAt(String key, String message);

    /** Reports a problem at an item of this list ({@code tasks[2].classpath[1]: must not be empty}). */
    void problemAt(int index, String message);

    /** Whether this is a string. */
    boolean isString();

    /** Whether this is a mapping in which {@code key} is set (neither left out, {@code null} nor empty). */
    boolean has(String key);

    /** The value as plain Java: a String, Integer, Long, BigInteger, Double, Boolean, List or Map. */
    Object plain();

    /** An integer from {@code min} to {@code max}. */
    Integer integer(int min, int max);

    /** A list of strings; numbers and booleans are taken as their text. */
    List<String> strings();

    /** A file or folder path: a string that is not blank, of at most 4096 characters. */
    String path();

    /**
     * Environment variables: a mapping of names (without {@code =}) to strings; numbers and booleans are taken as
     * their text.
     */
    Map<String, String> environment();

    /**
     * A mapping whose keys are among {@code keys} (another is reported as unknown, with the nearest of them):
     * the values of the keys that are set, in the plan's order.
     */
    Map<String, PlanValue> mapping(List<String> keys);

    /** A value as problems show it: in single quotes, on one line, cut when long. */
    static String quote(String value) {
        return Keys.quote(value);
    }
}
