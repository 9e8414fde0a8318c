package dev.tenantscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.streams.internal.MetricAgg;
import java.lang.reflect.Method;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MetricAggTest {
    @Test
    void quantilesSurviveSerdeRoundTripsAcrossFolds() throws Exception {
        Serde<MetricAgg> serde = MetricAgg.serde();
        Class<?> signalType = Class.forName("dev.tenantscope.streams.internal.Signal");
        Method add = MetricAgg.class.getDeclaredMethod("add", signalType);
        add.setAccessible(true);
        var ctor = signalType.getDeclaredConstructors()[0];
        MetricAgg agg = serde.deserializer().deserialize("t", serde.serializer().serialize("t", newAgg()));
        for (int i = 1; i <= 10_000; i++) {
            add.invoke(agg, ctor.newInstance("acme", "gold", "AWS/Lambda", "Duration", 0L, (double) i));
            agg = serde.deserializer().deserialize("t", serde.serializer().serialize("t", agg));
        }
        Method toRollup = MetricAgg.class.getDeclaredMethod("toRollup", String.class, Instant.class, long.class);
        toRollup.setAccessible(true);
        TenantMetricRollup r = (TenantMetricRollup) toRollup.invoke(agg, "5m", Instant.EPOCH, 1L);
        assertThat(r.count()).isEqualTo(10_000);
        assertThat(r.sum()).isEqualTo(50_005_000);
        assertThat(r.max()).isEqualTo(10_000);
        assertThat(r.p50()).isCloseTo(5_000, within(100.0));
        assertThat(r.p99()).isCloseTo(9_900, within(50.0));
    }

    private static MetricAgg newAgg() throws Exception {
        var c = MetricAgg.class.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }
}
