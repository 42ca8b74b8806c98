package io.dtf.ci.reports.impl;

import io.dtf.api.ci.CIReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The latest reports, for {@code dtf:ci}: a bounded list in memory, newest first. */
final class RecentReports {
    private final Deque<CIReport> reports = new ArrayDeque<>();
    private int capacity;

    RecentReports(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    synchronized void add(CIReport report) {
        reports.addFirst(report);
        trim();
    }

    synchronized void resize(int newCapacity) {
        capacity = Math.max(1, newCapacity);
        trim();
    }

    private void trim() {
        while (reports.size() > capacity) {
            reports.removeLast();
        }
    }

    synchronized List<CIReport> newest(int limit) {
        List<CIReport> list = new ArrayList<>(Math.min(limit, reports.size()));
        for (Iterator<CIReport> it = reports.iterator(); it.hasNext() && list.size() < limit; ) {
            list.add(it.next());
        }
        return list;
    }
}
