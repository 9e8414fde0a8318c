package dev.tenantscope.app;

import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The streams role's own gauges on {@code /metrics}; names are what the shipped alerting rules read. */
final class StreamsRoleMetrics {
    private StreamsRoleMetrics() {}

    static void bind(MeterRegistry registry, StreamsApp streams) {
        Gauge.builder("tenantscope_streams_running", streams, s -> s.state().isRunningOrRebalancing() ? 1 : 0)
                .description("1 while the Kafka Streams application is running or rebalancing")
                .register(registry);
    }

    static void bind(MeterRegistry registry, ClickHouseSink sink) {
        Gauge.builder("tenantscope_sink_rows_inserted", sink, ClickHouseSink::rowsInserted)
                .description("rows the ClickHouse sink inserted and committed since it started")
                .register(registry);
        Gauge.builder("tenantscope_sink_insert_failures", sink, ClickHouseSink::insertFailures)
                .description("failed ClickHouse insert attempts since the sink started (each batch is retried)")
                .register(registry);
        Gauge.builder("tenantscope_sink_undecodable", sink, ClickHouseSink::undecodable)
                .description("records on derived topics the sink could not decode (sent to tenantscope.dlq)")
                .register(registry);
        Gauge.builder("tenantscope_sink_refused_rows", sink, ClickHouseSink::refusedRows)
                .description("rows ClickHouse refused as they were (sent to tenantscope.dlq; the rest of the batch"
                        + " went in)")
                .register(registry);
        Gauge.builder("tenantscope_sink_lag_records", sink, ClickHouseSink::lag)
                .description("records on the derived topics not yet in ClickHouse: consumer lag plus buffered rows")
                .register(registry);
    }
}
