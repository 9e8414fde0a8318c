package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void everyRoleTheDesignAndComposeNameIsASubCommand() {
        assertThat(new CommandLine(new Main()).getSubcommands().keySet())
                .contains("demo", "collector", "streams", "query-api", "fleet-sim", "migrate", "config")
                .doesNotContain("bench");
    }

    @Test
    void unknownOptionOfARoleIsRefusedByName() {
        CommandLine cli = new CommandLine(new Main());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("streams", "--no-such-option");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }
}
