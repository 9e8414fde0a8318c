package dev.tenantscope.app;

import java.time.Duration;

/** Polling for the pipeline ITs: a wait that runs out fails the test instead of carrying on. */
final class Await {
    private Await() {}

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls every half second until the check holds or patience runs out; returns whether it held. */
    static boolean poll(Duration patience, Check check) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    /** Fails with what was awaited when the check has not held within patience. */
    static void awaitTrue(String what, Duration patience, Check condition) throws Exception {
        if (!poll(patience, condition)) {
            throw new AssertionError("timed out after " + patience + " waiting for " + what);
        }
    }
}
