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

    /** Every registration, in key order; the caller keeps no reference to the iterator. */
    void forEach(java.util.function.BiConsumer<String, AccountRegistration> action) {
        try (var it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Object v = kv.value;
                action.accept(
                        kv.key,
                        v instanceof ValueAndTimestamp<?> vt
                                ? (AccountRegistration) vt.value()
                                : (AccountRegistration) v);
            }
        }
    }

    AccountRegistration get(String account) {
        Object v = store.get(account);
        // The DSL materialises GlobalKTables as timestamped stores; unwrap either shape.
        return v instanceof ValueAndTimestamp<?> vt ? (AccountRegistration) vt.value() : (AccountRegistration) v;
    }
}
