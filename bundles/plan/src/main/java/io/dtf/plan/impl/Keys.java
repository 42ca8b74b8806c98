package io.dtf.plan.impl;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** Locations ({@code tasks[3].env.HOME}) and "did you mean" for keys. */
public final class Keys {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_SHOWN = 60;

    private Keys() {
    }

    /** The location of {@code key} inside {@code parent}; keys that are not plain are quoted. */
    public static String child(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            String shown = key.length() > MAX_SHOWN ? key.substring(0, MAX_SHOWN) + "..." : key;
            return parent + "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A value as messages show it: in single quotes, one line, cut when long. */
    public static String quote(String value) {
        String v = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        if (v.length() > MAX_SHOWN) {
            v = v.substring(0, MAX_SHOWN) + "...";
        }
        return "'" + v + "'";
    }

    /** {@code unknown key (did you mean 'command'?)}, or just {@code unknown key} when nothing is close. */
    public static String unknown(String key, Collection<String> known) {
        String best = closest(key, known);
        return best == null ? "unknown key" : "unknown key (did you mean '" + best + "'?)";
    }

    /** The known word nearest to {@code word}, if it is near enough to be a typo. */
    public static String closest(String word, Collection<String> known) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance, with a swap of two neighbours counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
