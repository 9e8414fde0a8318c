package dev.tenantscope.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tenantscope} command line: one sub-command per role and the embedded demo. */
@Command(
        name = "tenantscope",
        mixinStandardHelpOptions = true,
        version = "tenantscope 0.1.0",
        description = "Fleet health and per-tenant cost for account-per-tenant AWS platforms.",
        footer = {
            "",
            "Benchmarks: ./tenantscope bench [<name> [--option value ...]] runs them on the bench module's own"
                    + " classpath (never part of a production role)."
        },
        subcommands = {
            DemoCommand.class,
            CollectorCommand.class,
            StreamsCommand.class,
            QueryApiCommand.class,
            FleetSimCommand.class,
            MigrateCommand.class,
            ConfigCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tenantscope " + cmd.getCommandName() + ": " + e.getMessage());
            if (System.getenv("TENANTSCOPE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
