package io.dtf.api.task;

import java.util.regex.Pattern;

/**
 * File names made from ids: the same everywhere, because the embedded worker and the coordinator
 * must find an attempt's log at the same place ({@link TaskAttempt#logFile}).
 */
public final class FileNames {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private FileNames() {
    }

    /** {@code text} as one path segment: any other character than {@code A-Za-z0-9._-} becomes {@code _}. */
    public static String segment(String text) {
        String safe = text == null || text.isBlank() ? "_" : UNSAFE.matcher(text).replaceAll("_");
        return safe.equals(".") || safe.equals("..") ? "_" : safe;
    }
}
