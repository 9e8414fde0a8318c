package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost is read as the payer sees it, or the collector does not start: against fleet-sim (whose Cost Explorer
 * answers a member account with its own cost only) through the real SDK clients and a real broker.
 */
class PayerAccessIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));

    @TempDir
    Path dir;

    /** A collector running in a member account (its own long-term keys), collecting a static list of accounts. */
    static CollectorConfig inMemberAccount(Fixture f, Path dir, List<SimAccount> accounts) throws IOException {
        Path file = dir.resolve("accounts.yaml");
        Files.writeString(
                file,
                accounts.stream()
                        .map(a -> "  - {id: \"" + a.id().value() + "\", tenant: "
                                + a.tenant().value() + "}")
                        .collect(Collectors.joining("\n", "accounts:\n", "\n")));
        CollectorConfig c = f.config("member");
        c = c.withIdentity(
                SimCatalog.accessKeyIdOf(accounts.getFirst().id()),
                SimCatalog.ANY_SECRET,
                null,
                f.sim.spec().roleName(),
                f.sim.spec().externalId());
        var d = c.discovery();
        return c.withDiscovery(new CollectorConfig.Discovery(
                CollectorConfig.DiscoveryMode.STATIC,
                file,
                d.tenantTag(),
                d.tierTag(),
                d.environmentTag(),
                d.interval()));
    }

    static List<SimAccount> someActive(Fixture f) {
        return f.sim.truth().accounts(NOW).stream()
                .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE)
                .limit(6)
                .toList();
    }

    @Test
    void memberAccountCredentialsWithoutAPayerRoleFailAtStartNamingTheFix() throws IOException {
        try (Fixture f = new Fixture(dir, 30, NOW)) {
            List<SimAccount> accounts = someActive(f);
            CollectorConfig config = inMemberAccount(f, dir, accounts);
            assertThatThrownBy(() -> Collector.open(config, f.clock).close())
                    .isInstanceOf(PayerAccessException.class)
                    .hasMessageContaining("own credentials are account "
                            + accounts.getFirst().id().value())
                    .hasMessageContaining("not the organisation's management account "
                            + f.sim.spec().managementAccount())
                    .hasMessageContaining("collector.cost.payerRoleArn")
                    .hasMessageContaining("deploy/payer-role.yaml");
            assertThat(f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))
                    .as("no cost pulled with a member's view")
                    .isZero();
        }
    }

    @Test
    void aPayerRoleWithTheWrongExternalIdFailsAtStartNamingTheRole() throws IOException {
        try (Fixture f = new Fixture(dir, 30, NOW)) {
            String arn = "arn:aws:iam::" + f.sim.spec().managementAccount() + ":role/" + SimCatalog.PAYER_ROLE_NAME;
            CollectorConfig config = inMemberAccount(f, dir, someActive(f));
            CollectorConfig wrong = config.withCost(config.cost().withPayerRole(arn, "not-the-external-id"));
            assertThatThrownBy(() -> Collector.open(wrong, f.clock).close())
                    .isInstanceOf(PayerAccessException.class)
                    .hasMessageContaining("collector.cost.payerRoleArn " + arn)
                    .hasMessageContaining("deploy/payer-role.yaml");
        }
    }

    @Test
    void memberAccountCredentialsWithTheManagementAccountRoleCollectEveryAccountsCost() throws IOException {
        try (Fixture f = new Fixture(dir, 30, NOW)) {
            List<SimAccount> accounts = someActive(f);
            String mgmt = f.sim.spec().managementAccount();
            CollectorConfig config = inMemberAccount(f, dir, accounts);
            config = config.withCost(config.cost()
                    .withPayerRole(
                            "arn:aws:iam::" + mgmt + ":role/" + SimCatalog.PAYER_ROLE_NAME,
                            f.sim.spec().externalId()));
            try (Collector c = Collector.open(config, f.clock)) {
                c.awaitAccounts(Duration.ofSeconds(60));
                c.sweepOnce();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            List<CostLine> lines = f.read(Topics.RAW_COST);
            Set<String> withCost = lines.stream()
                    .filter(l -> l.amount().amount().signum() != 0)
                    .map(l -> l.account().value())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(withCost)
                    .as("every tenant account's cost, not only the member the collector runs in")
                    .containsAll(accounts.stream().map(a -> a.id().value()).toList());
            for (SimAccount a : accounts) {
                LineCheck.sameAsTruth(f, lines, a.id(), NOW);
            }
            assertThat(f.sim.meter().snapshot().calls(mgmt, "ce", "GetCostAndUsage"))
                    .as("Cost Explorer called as the management account")
                    .isPositive();
            assertThat(f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))
                    .isEqualTo(f.sim.meter().snapshot().calls(mgmt, "ce", "GetCostAndUsage"));
        }
    }

    /** The unblended amount of an account's lines of yesterday equals fleet-sim's truth. */
    static final class LineCheck {
        static void sameAsTruth(Fixture f, List<CostLine> lines, AccountId account, Instant now) {
            var day =
                    java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).minusDays(1);
            var truth = f.sim.truth().costLines(account, day, now);
            assertThat(truth).isNotEmpty();
            for (var t : truth) {
                // the truth sums every record type of the service, as one pull's lines do
                assertThat(lines.stream()
                                .filter(l -> l.account().equals(account)
                                        && l.day().equals(day)
                                        && l.service().equals(t.service()))
                                .map(l -> l.amount().amount())
                                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add))
                        .as("%s %s %s", account, day, t.service())
                        .isEqualByComparingTo(t.amount());
            }
        }
    }
}
