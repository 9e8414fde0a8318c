package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.A2;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.rollup.AccountState;
import dev.tenantscope.model.rollup.TenantCollectorRun;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStateTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path dir;

    private Fixture f;
    private TestOutputTopic<String, AccountState> states;

    @BeforeEach
    void open() {
        f = new Fixture(StreamsAppConfig.defaults(), dir);
        states = f.out(DerivedTopics.ACCOUNT_STATE);
        f.in(Topics.ACCOUNTS).pipeInput(A1.value(), Fixture.registration(A1, ACME, "gold"));
        f.in(Topics.ACCOUNTS).pipeInput(A2.value(), Fixture.registration(A2, GLOBEX, "free"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void successfulRunMakesTheAccountObservableWithItsCollectionTime() {
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), Fixture.run(A1, T0, "0.01"), T0);

        AccountState state = states.readValuesToList().getLast();
        assertThat(state.account()).isEqualTo(A1);
        assertThat(state.tenant()).isEqualTo(ACME);
        assertThat(state.observability()).isEqualTo(AccountState.OBSERVABLE);
        assertThat(state.lastCollectedAt()).isEqualTo(T0);
    }

    @Test
    void deniedRoleMarksTheAccountUnobservableWithTheReasonAndKeepsTheLastGoodCollection() {
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), Fixture.run(A1, T0, "0.01"), T0);
        Instant later = T0.plus(Duration.ofMinutes(15));
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), denied(A1, later), later);

        AccountState state = states.readValuesToList().getLast();
        assertThat(state.observability()).isEqualTo(AccountState.UNOBSERVABLE);
        assertThat(state.unobservableReason()).isEqualTo("AccessDenied: role deleted");
        assertThat(state.lastCollectedAt()).isEqualTo(T0);
    }

    @Test
    void olderRunArrivingLateChangesNothing() {
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), Fixture.run(A1, T0, "0.01"), T0);
        states.readValuesToList();
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), denied(A1, T0.minusSeconds(60)), T0);

        assertThat(states.isEmpty()).isTrue();
    }

    @Test
    void registrationChangesReachTheStateWithoutARun() {
        f.driver.advanceWallClockTime(Duration.ofSeconds(31));
        assertThat(states.readValuesToList())
                .extracting(AccountState::account, AccountState::observability)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(A1, AccountState.UNKNOWN),
                        org.assertj.core.groups.Tuple.tuple(A2, AccountState.UNKNOWN));

        AccountRegistration suspended = new AccountRegistration(
                A2, GLOBEX, "", "free", "prod", AccountStatus.SUSPENDED, List.of("us-east-1"), Instant.EPOCH);
        f.in(Topics.ACCOUNTS).pipeInput(A2.value(), suspended);
        f.driver.advanceWallClockTime(Duration.ofSeconds(31));

        List<AccountState> changed = states.readValuesToList();
        assertThat(changed).hasSize(1);
        assertThat(changed.getFirst().account()).isEqualTo(A2);
        assertThat(changed.getFirst().status()).isEqualTo(AccountStatus.SUSPENDED);
    }

    @Test
    void runsAreAttributedToTheirTenantForTheRunsTable() {
        TestOutputTopic<String, TenantCollectorRun> runs = f.out(DerivedTopics.TENANT_COLLECTOR_RUNS);
        f.in(Topics.COLLECTOR_RUNS).pipeInput(A1.value(), Fixture.run(A1, T0, "0.01"), T0);
        f.in(Topics.COLLECTOR_RUNS).pipeInput(Fixture.UNKNOWN.value(), Fixture.run(Fixture.UNKNOWN, T0, "0.02"), T0);

        assertThat(runs.readKeyValuesToList())
                .extracting(kv -> kv.key, kv -> kv.value.tenant())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(A1.value() + "|" + T0, ACME),
                        org.assertj.core.groups.Tuple.tuple(Fixture.UNKNOWN.value() + "|" + T0, TenantId.UNASSIGNED));
    }

    private static CollectorRun denied(dev.tenantscope.model.AccountId a, Instant at) {
        return new CollectorRun(
                a,
                "c1",
                at,
                20,
                RunStatus.UNOBSERVABLE,
                "AccessDenied: role deleted",
                1,
                0,
                Map.of("AccessDenied", 1L),
                List.of(),
                Money.usd("0"));
    }
}
