package io.dtf.plan.impl;

import io.dtf.api.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems found so far, in the order found; past a limit only counted. */
public final class Problems {
    private final int limit;
    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    public Problems(int limit) {
        this.limit = limit;
    }

    public void add(String location, String message) {
        if (problems.size() < limit) {
            problems.add(new Problem(location, message));
        } else {
            dropped++;
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int count() {
        return problems.size() + dropped;
    }

    /** Every problem, and a last one saying how many were left out, if any were. */
    public List<Problem> list() {
        if (dropped == 0) {
            return List.copyOf(problems);
        }
        List<Problem> all = new ArrayList<>(problems);
        all.add(new Problem("", "and " + dropped + " more problems not shown"));
        return List.copyOf(all);
    }
}
