package dev.tenantscope.app;

import java.util.concurrent.CountDownLatch;

/** Blocks a role's main thread until Ctrl-C / SIGTERM, then closes what it started, in reverse order. */
final class Lifecycle {
    private Lifecycle() {}

    static void runUntilStopped(Stack stack) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping…");
                            stack.close();
                            stopped.countDown();
                        },
                        "tenantscope-shutdown"));
        stopped.await();
    }
}
