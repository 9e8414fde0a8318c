package dev.tenantscope.streams.internal;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.streams.StreamsAppConfig.SharedAccount;
import dev.tenantscope.streams.internal.key.CostKey;
import dev.tenantscope.streams.internal.key.SharedUsageKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Splits a shared account's cost lines into one synthetic baseline line per tenant, keyed (source line, tenant)
 * so the cost-lines KTable upserts them: a restated shared line replaces its earlier split, and a tenant that no
 * longer receives a share gets a zero line instead of keeping a stale one.
 *
 * <p>Input is keyed by day (every line of a day on one partition), so the usage weights — each tenant's
 * workload cost that day under the default basis, latest value per line — are complete. Every basis of a line is
 * split with the same weights. Weights are read when the shared line arrives;
 * a later change of a tenant's workload does not re-split an earlier shared line.
 */
final class SharedCostAllocator implements Processor<String, AttributedCost, CostKey, AttributedCost> {
    static final int SCALE = 6;
    /** The service of the fixed-mode line: one per tenant, shared account and day, whatever the services. */
    static final String FIXED_SERVICE = "shared platform (fixed)";

    private final Map<String, SharedAccount> shared;
    private ProcessorContext<CostKey, AttributedCost> context;
    private AccountLookup accounts;
    private KeyValueStore<SharedUsageKey, SharedUsage> usage;
    private KeyValueStore<CostKey, SharedReceivers> splits;

    SharedCostAllocator(List<SharedAccount> shared) {
        this.shared = shared.stream().collect(Collectors.toMap(SharedAccount::account, a -> a));
    }

    @Override
    public void init(ProcessorContext<CostKey, AttributedCost> context) {
        this.context = context;
        this.accounts = new AccountLookup(context);
        this.usage = context.getStateStore(Stores.SHARED_USAGE);
        this.splits = context.getStateStore(Stores.SHARED_SPLITS);
    }

    @Override
    public void process(Record<String, AttributedCost> record) {
        AttributedCost c = record.value();
        if (c == null) {
            return;
        }
        SharedAccount a = shared.get(c.account().value());
        if (a == null) {
            if (c.category() == CostCategory.WORKLOAD) {
                recordUsage(c);
            }
            return;
        }
        List<TenantId> tenants = receivers();
        Map<TenantId, CostAmounts> parts = new LinkedHashMap<>();
        String service = c.service();
        String usageType = c.usageType();
        String recordType = c.recordType();
        switch (a.mode()) {
            case "fixed" -> {
                // one usage line per tenant and day, whatever the shared account's services and record types
                service = FIXED_SERVICE;
                usageType = "";
                recordType = CostLine.USAGE;
                BigDecimal perDay = new BigDecimal(a.fixedPerTenant())
                        .divide(BigDecimal.valueOf(c.day().lengthOfMonth()), SCALE, RoundingMode.HALF_UP);
                tenants.forEach(t -> parts.put(
                        t, CostAmounts.same(new Money(perDay, c.amounts().currency()))));
            }
            case "usage" -> parts.putAll(splitEveryBasis(c.amounts(), weights(c, tenants)));
            default -> parts.putAll(splitEveryBasis(c.amounts(), even(tenants)));
        }
        CostKey source = new CostKey(c.account(), c.day(), service, usageType, recordType, null);
        SharedReceivers last = splits.get(source);
        Set<TenantId> before = new TreeSet<>(last == null ? List.of() : last.tenants());
        for (Map.Entry<TenantId, CostAmounts> p : parts.entrySet()) {
            before.remove(p.getKey());
            forward(record, source, c, a.component(), p.getKey(), p.getValue());
        }
        for (TenantId gone : before) {
            forward(
                    record,
                    source,
                    c,
                    a.component(),
                    gone,
                    CostAmounts.zero(c.amounts().currency()));
        }
        splits.put(source, new SharedReceivers(List.copyOf(parts.keySet())));
    }

    /** Each basis split with the same weights (so every basis of a tenant's part comes from one share). */
    private static Map<TenantId, CostAmounts> splitEveryBasis(CostAmounts whole, Map<TenantId, BigDecimal> weights) {
        Map<CostBasis, Map<TenantId, BigDecimal>> byBasis = new java.util.EnumMap<>(CostBasis.class);
        for (CostBasis b : CostBasis.values()) {
            byBasis.put(b, split(whole.of(b).amount(), weights));
        }
        Map<TenantId, CostAmounts> parts = new LinkedHashMap<>();
        String cur = whole.currency();
        for (TenantId t : weights.keySet()) {
            parts.put(
                    t,
                    new CostAmounts(
                            new Money(byBasis.get(CostBasis.UNBLENDED).get(t), cur),
                            new Money(byBasis.get(CostBasis.NET_UNBLENDED).get(t), cur),
                            new Money(byBasis.get(CostBasis.AMORTIZED).get(t), cur),
                            new Money(byBasis.get(CostBasis.NET_AMORTIZED).get(t), cur),
                            new Money(byBasis.get(CostBasis.BLENDED).get(t), cur)));
        }
        return parts;
    }

    private void forward(
            Record<String, AttributedCost> record,
            CostKey source,
            AttributedCost c,
            String component,
            TenantId tenant,
            CostAmounts amounts) {
        boolean usage = c.category().isUsage() || source.service().equals(FIXED_SERVICE);
        context.forward(record.withKey(source.sharedWith(tenant))
                .withValue(new AttributedCost(
                        tenant,
                        c.account(),
                        c.day(),
                        source.service(),
                        source.usageType(),
                        source.recordType(),
                        usage ? CostCategory.BASELINE : c.category(),
                        usage ? component : "",
                        scaled(amounts),
                        c.estimated(),
                        c.retrievedAt())));
    }

    private static CostAmounts scaled(CostAmounts a) {
        return new CostAmounts(
                scaled(a.unblended()),
                scaled(a.netUnblended()),
                scaled(a.amortized()),
                scaled(a.netAmortized()),
                scaled(a.blended()));
    }

    private static Money scaled(Money m) {
        return new Money(m.amount().setScale(SCALE, RoundingMode.UNNECESSARY), m.currency());
    }

    /** Active tenants in sorted order, without the tenants that own shared accounts. */
    private List<TenantId> receivers() {
        Set<String> owners = new TreeSet<>();
        Set<String> active = new TreeSet<>();
        accounts.forEach((account, reg) -> {
            if (shared.containsKey(account)) {
                owners.add(reg.tenant().value());
            } else if (reg.status() != null && reg.status().polled()) {
                active.add(reg.tenant().value());
            }
        });
        active.removeAll(owners);
        active.remove(TenantId.UNASSIGNED.value());
        return active.stream().map(TenantId::of).toList();
    }

    private static Map<TenantId, BigDecimal> even(List<TenantId> tenants) {
        Map<TenantId, BigDecimal> w = new LinkedHashMap<>();
        tenants.forEach(t -> w.put(t, BigDecimal.ONE));
        return w;
    }

    private Map<TenantId, BigDecimal> weights(AttributedCost c, List<TenantId> tenants) {
        Map<TenantId, BigDecimal> w = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (TenantId t : tenants) {
            SharedUsage u = usage.get(new SharedUsageKey.DayTotal(c.day(), t));
            BigDecimal x = u == null ? BigDecimal.ZERO : u.amount().max(BigDecimal.ZERO);
            w.put(t, x);
            sum = sum.add(x);
        }
        return sum.signum() == 0 ? even(tenants) : w;
    }

    /**
     * Parts proportional to the weights, rounded down to 6 decimals; the remainder goes to the first tenant in
     * sorted order, so the parts always sum to the whole exactly.
     */
    static Map<TenantId, BigDecimal> split(BigDecimal amount, Map<TenantId, BigDecimal> weights) {
        Map<TenantId, BigDecimal> parts = new LinkedHashMap<>();
        if (weights.isEmpty()) {
            return parts;
        }
        BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal whole = amount.setScale(SCALE, RoundingMode.HALF_UP);
        BigDecimal assigned = BigDecimal.ZERO;
        for (Map.Entry<TenantId, BigDecimal> w : weights.entrySet()) {
            BigDecimal p = whole.multiply(w.getValue()).divide(total, SCALE, RoundingMode.DOWN);
            parts.put(w.getKey(), p);
            assigned = assigned.add(p);
        }
        TenantId first = weights.keySet().iterator().next();
        parts.put(first, parts.get(first).add(whole.subtract(assigned)));
        return parts;
    }

    /** Latest workload amount per line, summed per (day, tenant); a re-attributed line moves its amount. */
    private void recordUsage(AttributedCost c) {
        SharedUsageKey line = new SharedUsageKey.Line(
                new CostKey(c.account(), c.day(), c.service(), c.usageType(), c.recordType(), null));
        SharedUsage old = usage.get(line);
        if (old != null) {
            addUsage(c.day(), old.tenant(), old.amount().negate());
        }
        BigDecimal weight = c.amounts().of(CostBasis.DEFAULT).amount();
        addUsage(c.day(), c.tenant(), weight);
        usage.put(line, new SharedUsage(c.tenant(), weight));
    }

    private void addUsage(LocalDate day, TenantId tenant, BigDecimal delta) {
        SharedUsageKey key = new SharedUsageKey.DayTotal(day, tenant);
        SharedUsage total = usage.get(key);
        usage.put(
                key,
                new SharedUsage(tenant, total == null ? delta : total.amount().add(delta)));
    }
}
