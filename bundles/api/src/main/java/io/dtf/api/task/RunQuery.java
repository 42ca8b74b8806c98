package io.dtf.api.task;

/** Which runs to list, newest first. {@code tenant} {@code null} means every tenant. */
public record RunQuery(String tenant, Page page) {
    public RunQuery {
        page = page == null ? Page.FIRST : page;
    }

    public static RunQuery all(Page page) {
        return new RunQuery(null, page);
    }
}
