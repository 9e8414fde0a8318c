package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;

/** What the month-close processor emits: a frozen row, or a change against one (exactly one is set). */
public record CloseEvent(MonthClose close, CostRestatement restatement) {}
