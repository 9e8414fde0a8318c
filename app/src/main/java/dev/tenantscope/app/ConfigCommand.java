package dev.tenantscope.app;

import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "config",
        description = "Check a configuration file, or print the complete commented defaults.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Defaults.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "check",
            description = "Validate FILE (every section, whichever role reads it): print every problem with its key"
                    + " path and exit 1, or print the effective configuration (secrets masked).")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the tenantscope YAML")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Problem> problems;
            TenantscopeConfig config = null;
            try {
                config = TenantscopeConfig.load(file, Environment.system(), Map.of());
                problems = config.problems();
            } catch (ConfigException e) {
                problems = e.problems(); // not readable as YAML: nothing could be bound
            }
            if (!problems.isEmpty()) {
                err.println(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
                problems.forEach(p -> err.println("  " + p));
                err.flush();
                return 1;
            }
            out.print(config.toYaml());
            out.flush();
            return 0;
        }
    }

    @Command(name = "defaults", description = "Print the complete configuration file with every default, commented.")
    static final class Defaults implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(TenantscopeConfig.defaults(Environment.system())
                    .requireValid()
                    .toYaml());
            out.flush();
            return 0;
        }
    }
}
