package io.dtf.client.impl.report;

/**
 * TeamCity service messages as TeamCity documents them
 * (https://www.jetbrains.com/help/teamcity/service-messages.html): one message per line,
 * {@code ##teamcity[name key='value' ...]}, every value escaped with {@code |}.
 */
final class ServiceMessages {
    private ServiceMessages() {
    }

    /**
     * The message {@code name} with these attributes (key, value, key, value, ...); attributes whose value is null
     * are left out.
     */
    static String message(String name, String... attributes) {
        StringBuilder s = new StringBuilder("##teamcity[").append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                s.append(' ').append(attributes[i]).append("='").append(escape(attributes[i + 1])).append('\'');
            }
        }
        return s.append(']').toString();
    }

    /**
     * The value escaped by TeamCity's table: {@code ' \n \r | [ ]} as {@code |' |n |r || |[ |]}, and every other
     * character outside printable ASCII as {@code |0xNNNN} (its UTF-16 code unit), so that a value never breaks its
     * line, and a log read in another encoding does not garble it.
     */
    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> s.append("|'");
                case '\n' -> s.append("|n");
                case '\r' -> s.append("|r");
                case '|' -> s.append("||");
                case '[' -> s.append("|[");
                case ']' -> s.append("|]");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        s.append("|0x").append(String.format("%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
