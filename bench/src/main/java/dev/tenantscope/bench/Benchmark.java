package dev.tenantscope.bench;

import java.io.PrintStream;
import java.util.Map;

/**
 * One benchmark behind {@code ./tenantscope bench <name> [options]}.
 *
 * <p>It prints human-readable progress to {@code out} and returns its figures; the runner prints them as the
 * one closing JSON line. Figures are numbers; units go in the key names ({@code _s}, {@code _ms}, {@code _mb},
 * {@code _per_s}). Each benchmark measures its own baseline in the same run.
 */
public interface Benchmark {
    /** The name after {@code bench}, e.g. {@code fleet-sim}. */
    String name();

    /** One line for {@code bench --help}. */
    String description();

    /**
     * Runs the benchmark.
     *
     * @param options {@code --key value} options from the command line, without the dashes
     * @return the figures, in print order
     */
    Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception;
}
