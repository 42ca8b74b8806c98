package io.dtf.worker.impl.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Ends a process with everything it started. */
public final class ProcessTree {
    private static final int ROUNDS = 3;

    private ProcessTree() {
    }

    /**
     * Asks the process and all its descendants to stop (descendants first, deepest first, so that
     * none is orphaned before it is asked), waits up to {@code grace}, then kills what is left. The
     * descendants are listed before anything is signalled: once a parent dies its children are
     * re-parented and no longer found as its descendants.
     *
     * @return whether everything is gone
     */
    public static boolean kill(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> tree = deepestFirst(root);
            seen.addAll(tree);
            if (round == 0) {
                tree.forEach(ProcessHandle::destroy);
                if (awaitExit(seen, grace)) {
                    return true;
                }
            }
            // force what is left, and whatever was forked meanwhile
            tree.forEach(ProcessHandle::destroyForcibly);
            seen.forEach(ProcessHandle::destroyForcibly);
            if (awaitExit(seen, Duration.ofSeconds(2))) {
                return true;
            }
        }
        return seen.stream().allMatch(ProcessTree::isGone);
    }

    /** The process's descendants, deepest first, then the process itself (if alive). */
    static List<ProcessHandle> deepestFirst(ProcessHandle root) {
        List<ProcessHandle> order = new ArrayList<>();
        List<ProcessHandle> level = List.of(root);
        while (!level.isEmpty()) {
            order.addAll(level);
            List<ProcessHandle> next = new ArrayList<>();
            for (ProcessHandle p : level) {
                p.children().forEach(next::add);
            }
            level = next;
        }
        Collections.reverse(order);
        order.removeIf(ProcessTree::isGone);
        return order;
    }

    /**
     * Whether the process ended. A process that ended but was not reaped yet (a zombie: it was
     * re-parented to an init that reaps lazily) counts as ended, though Java still sees it alive.
     */
    public static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux), or it ended meanwhile
            return !process.isAlive();
        }
    }

    private static boolean awaitExit(Set<ProcessHandle> processes, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (!processes.stream().allMatch(ProcessTree::isGone)) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
        return true;
    }
}
