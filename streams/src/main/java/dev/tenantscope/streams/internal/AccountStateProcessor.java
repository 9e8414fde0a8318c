package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.rollup.AccountState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each account's state for fleet health: its registration joined with its latest collector run.
 *
 * <p>A run updates the state at once. Registration changes (a new account, a suspension) need no run: every
 * {@code scanEvery} the processor walks the registry and emits the accounts whose registration changed since it
 * last emitted them. Each task walks only the accounts whose runs land on its own partition (runs and
 * registrations share the account-id key and partitioner), so one task owns each account's state.
 */
final class AccountStateProcessor implements Processor<String, CollectorRun, String, AccountState> {
    /** What was last emitted for an account, and the runs needed to derive the next state. */
    record Seen(AccountRegistration registration, CollectorRun latest, Instant lastGoodRun) {}

    private final int partitions;
    private final Duration scanEvery;
    private final LongSupplier versionClock;
    private ProcessorContext<String, AccountState> context;
    private AccountLookup registry;
    private KeyValueStore<String, Seen> seen;
    private int partition;

    AccountStateProcessor(int partitions, Duration scanEvery, LongSupplier versionClock) {
        this.partitions = partitions;
        this.scanEvery = scanEvery;
        this.versionClock = versionClock;
    }

    @Override
    public void init(ProcessorContext<String, AccountState> context) {
        this.context = context;
        this.registry = new AccountLookup(context);
        this.seen = context.getStateStore(Stores.ACCOUNT_STATE);
        this.partition = context.taskId().partition();
        context.schedule(scanEvery, PunctuationType.WALL_CLOCK_TIME, now -> scanRegistry());
    }

    @Override
    public void process(Record<String, CollectorRun> record) {
        CollectorRun run = record.value();
        if (run == null) {
            return;
        }
        String id = run.account().value();
        Seen before = seen.get(id);
        if (before != null
                && before.latest() != null
                && before.latest().startedAt().isAfter(run.startedAt())) {
            return; // a late, older run changes nothing
        }
        boolean gotIn = run.status() == RunStatus.OK || run.status() == RunStatus.PARTIAL;
        Instant lastGood = gotIn ? run.startedAt() : before == null ? null : before.lastGoodRun();
        emit(record.timestamp(), id, new Seen(registry.get(id), run, lastGood));
    }

    private void scanRegistry() {
        long timestamp = context.currentSystemTimeMs();
        registry.forEach((id, registration) -> {
            if (registration == null || partitionOf(id) != partition) {
                return;
            }
            Seen before = seen.get(id);
            if (before == null || !registration.equals(before.registration())) {
                emit(
                        timestamp,
                        id,
                        before == null
                                ? new Seen(registration, null, null)
                                : new Seen(registration, before.latest(), before.lastGoodRun()));
            }
        });
    }

    private void emit(long timestamp, String id, Seen next) {
        seen.put(id, next);
        AccountState state = AccountState.of(
                AccountId.of(id), next.registration(), next.latest(), next.lastGoodRun(), versionClock.getAsLong());
        context.forward(new Record<>(id, state, timestamp));
    }

    /** Kafka's default partitioner for a String key. */
    private int partitionOf(String account) {
        return Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
