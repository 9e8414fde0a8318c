package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.AccountRegistration;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Reads the account registry (the GlobalKTable's store) from inside a processor. */
final class AccountLookup {
    private final ReadOnlyKeyValueStore<String, ?> store;

    AccountLookup(ProcessorContext<?, ?> context) {
        this.store = context.getStateStore(Stores.ACCOUNTS);
    }

    AccountRegistration get(String account) {
        Object v = store.get(account);
        // The DSL materialises GlobalKTables as timestamped stores; unwrap either shape.
        return v instanceof ValueAndTimestamp<?> vt ? (AccountRegistration) vt.value() : (AccountRegistration) v;
    }
}
