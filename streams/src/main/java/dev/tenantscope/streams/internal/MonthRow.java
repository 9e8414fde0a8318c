package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.rollup.TenantDailyCost;

/** A daily row's current value and, once its month is closed, the amounts frozen then (null while open). */
public record MonthRow(TenantDailyCost current, CostAmounts frozen) {}
