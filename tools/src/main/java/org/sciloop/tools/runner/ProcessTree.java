package org.sciloop.tools.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a process with all its descendants, so a hung simulation leaves nothing running behind it. */
final class ProcessTree {
    private ProcessTree() {
    }

    /** Returns how many processes were killed. */
    static int kill(Process process) {
        // A snapshot taken while the parent lives: once it is gone its children are re-parented and can no
        // longer be found from it. The parent dies first, so that it cannot start anything new.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        tree.addAll(process.descendants().toList());
        int killed = 0;
        for (ProcessHandle p : tree) {
            if (p.isAlive() && p.destroyForcibly()) {
                killed++;
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return killed;
    }
}
