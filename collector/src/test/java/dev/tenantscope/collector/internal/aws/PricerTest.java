package dev.tenantscope.collector.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.collector.internal.config.DefaultPrices;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricerTest {
    final Pricer pricer = new Pricer(DefaultPrices.LIST);

    @Test
    void getMetricDataIsBilledPerMetricRequestedNotPerCall() {
        assertThat(pricer.cost(Apis.GET_METRIC_DATA, 2, 1000).amount()).isEqualByComparingTo("0.01");
        assertThat(pricer.billable(Apis.GET_METRIC_DATA, 2, 1000)).isEqualTo(1000);
    }

    @Test
    void costExplorerIsBilledPerPageAndStsIsFree() {
        assertThat(pricer.cost(Apis.GET_COST_AND_USAGE, 3, 3).amount()).isEqualByComparingTo("0.03");
        assertThat(pricer.cost(Apis.ASSUME_ROLE, 100, 100).isZero()).isTrue();
        assertThat(pricer.cost(Apis.LIST_SERVICE_QUOTAS, 100, 100).isZero()).isTrue();
    }

    @Test
    void logsInsightsIsBilledPerGigabyteScanned() {
        assertThat(pricer.cost(Apis.GET_QUERY_RESULTS, 5, 1L << 30).amount()).isEqualByComparingTo("0.005");
    }

    @Test
    void runUsageListsEachOperationWithItsSpend() {
        RunLedger l = new RunLedger();
        l.call(Apis.GET_METRIC_DATA, 500);
        l.call(Apis.GET_METRIC_DATA, 500);
        l.call(Apis.ASSUME_ROLE, 1);
        var usage = l.usage(pricer);
        assertThat(usage).hasSize(2);
        assertThat(RunLedger.total(usage).amount()).isEqualByComparingTo(new BigDecimal("0.01"));
        assertThat(usage).anySatisfy(u -> {
            assertThat(u.operation()).isEqualTo("GetMetricData");
            assertThat(u.calls()).isEqualTo(2);
            assertThat(u.billableUnits()).isEqualTo(1000);
            assertThat(u.unit()).isEqualTo("metrics");
        });
    }
}
