package dev.tenantscope.config;

import java.util.ArrayList;
import java.util.List;

/** What every node of one tree shares while binding: the environment, the problems, and the nodes to check. */
final class Binding {
    final Environment env;
    final List<Problem> problems = new ArrayList<>();
    final List<ConfigNode> nodes = new ArrayList<>();

    Binding(Environment env) {
        this.env = env;
    }

    void add(Problem p) {
        if (!problems.contains(p)) {
            problems.add(p);
        }
    }

    /** Problems plus every key present in the file that no binder read. */
    List<Problem> all() {
        List<Problem> all = new ArrayList<>(problems);
        for (ConfigNode n : nodes) {
            all.addAll(n.unknownKeys());
        }
        return all;
    }
}
