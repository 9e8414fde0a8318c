package dev.tenantscope.app;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Prints "[n/total] what … ready (1.2 s)" around each start-up step, so a first start is never silent. */
final class Steps {
    private final int total;
    private final PrintStream out;
    private int done;

    Steps(int total, PrintStream out) {
        this.total = total;
        this.out = out;
    }

    <T> T run(String what, Callable<T> step) throws Exception {
        done++;
        out.printf("[%d/%d] %s …%n", done, total, what);
        long start = System.nanoTime();
        T result = step.call();
        out.printf("[%d/%d] %s ready (%.1f s)%n", done, total, what, (System.nanoTime() - start) / 1e9);
        return result;
    }

    void progress(String line) {
        out.println("      " + line);
    }
}
