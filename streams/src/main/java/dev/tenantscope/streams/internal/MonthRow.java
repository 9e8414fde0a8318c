package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.TenantDailyCost;
import java.math.BigDecimal;

/** A daily row's current value and, once its month is closed, the value frozen then (null while open). */
public record MonthRow(TenantDailyCost current, BigDecimal frozen) {}
