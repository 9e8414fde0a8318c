package dev.tenantscope.queryapi;

import dev.tenantscope.queryapi.Fixture.Cost;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Expected figures computed from the fixture's rows in plain Java (no SQL). */
final class Expect {
    private Expect() {}

    static final LocalDate MONTH_START = Fixture.TODAY.withDayOfMonth(1);

    static boolean in(Cost c, LocalDate from, LocalDate to) {
        return !c.day().isBefore(from) && !c.day().isAfter(to);
    }

    static BigDecimal sum(List<Cost> costs, Predicate<Cost> filter) {
        return costs.stream().filter(filter).map(Cost::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal mtd(Fixture f, String tenant) {
        return sum(f.effectiveCosts(), c -> c.tenant().equals(tenant) && in(c, MONTH_START, Fixture.TODAY));
    }

    static BigDecimal mtdBaseline(Fixture f, String tenant) {
        return sum(
                f.effectiveCosts(),
                c -> c.tenant().equals(tenant)
                        && in(c, MONTH_START, Fixture.TODAY)
                        && c.category().equals("baseline"));
    }

    /** key → sum, keys sorted. */
    static <K extends Comparable<? super K>> TreeMap<K, BigDecimal> group(
            List<Cost> costs, Predicate<Cost> filter, Function<Cost, K> key) {
        return costs.stream()
                .filter(filter)
                .collect(Collectors.groupingBy(
                        key, TreeMap::new, Collectors.reducing(BigDecimal.ZERO, Cost::amount, BigDecimal::add)));
    }

    /** Nearest rank: the value at rank ⌈p·n⌉ (1-based) of the ascending values. */
    static BigDecimal nearestRank(List<BigDecimal> values, int percent) {
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(BigDecimal::compareTo);
        int rank = (int) Math.ceil(percent * sorted.size() / 100.0);
        return sorted.get(Math.max(1, rank) - 1);
    }

    static Map<String, BigDecimal> baselinePerAccount(Fixture f, Predicate<Cost> extra) {
        return group(
                f.effectiveCosts(),
                c -> c.category().equals("baseline") && in(c, MONTH_START, Fixture.TODAY) && extra.test(c),
                Cost::account);
    }
}
