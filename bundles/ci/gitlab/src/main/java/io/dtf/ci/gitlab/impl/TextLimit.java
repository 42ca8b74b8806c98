package io.dtf.ci.gitlab.impl;

/** Text within a length GitLab accepts, cut between lines and saying so, never in the middle of one. */
final class TextLimit {
    private TextLimit() {
    }

    /**
     * {@code text} when it has at most {@code limit} characters; else its lines that fit with {@code notice} after
     * them (a line saying what was cut).
     */
    static String within(String text, int limit, String notice) {
        if (text.length() <= limit) {
            return text;
        }
        String tail = "\n" + notice + "\n";
        int room = Math.max(0, limit - tail.length());
        int cut = text.lastIndexOf('\n', room);
        return text.substring(0, cut < 0 ? room : cut) + tail;
    }
}
