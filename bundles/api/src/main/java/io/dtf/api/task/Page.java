package io.dtf.api.task;

/** A window of a listing: skip {@code offset} rows, return at most {@code limit}. */
public record Page(int offset, int limit) {
    public static final int MAX_LIMIT = 1000;
    public static final Page FIRST = new Page(0, 100);

    public Page {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }
}
