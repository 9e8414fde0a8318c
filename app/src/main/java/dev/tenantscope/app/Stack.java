package dev.tenantscope.app;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a command started, closed in reverse order exactly once (Ctrl-C and normal exit both land here). */
final class Stack implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean closed;

    synchronized <T extends AutoCloseable> T add(T part) {
        started.push(part);
        return part;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("while stopping " + part.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
