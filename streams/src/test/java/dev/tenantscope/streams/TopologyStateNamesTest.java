package dev.tenantscope.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Store names become changelog topics and repartition names become topics on the users' brokers: renaming one
 * loses that state. The expected names are fixture files, so a rename shows up as a diff of them.
 */
class TopologyStateNamesTest {
    @Test
    void defaultTopologyKeepsItsStoreAndTopicNames() throws IOException {
        assertThat(names(TenantscopeTopology.build(StreamsAppConfig.defaults())))
                .containsExactlyElementsOf(fixture("topology/state-names.default.txt"));
    }

    @Test
    void sharedAccountsAndHourlyNoisyTopologyKeepsItsStoreAndTopicNames() throws IOException {
        StreamsAppConfig d = StreamsAppConfig.defaults();
        StreamsAppConfig.Noisy n = d.noisy();
        StreamsAppConfig config = d.withCost(d.cost()
                        .withSharedAccounts(
                                List.of(new StreamsAppConfig.SharedAccount("555555555555", "usage", null, null))))
                .withNoisy(new StreamsAppConfig.Noisy(
                        "1h",
                        n.metrics(),
                        n.alpha(),
                        n.openSigmas(),
                        n.closeSigmas(),
                        n.cohortPercentile(),
                        n.minHistory(),
                        n.minRatio(),
                        n.horizonWindows()));
        assertThat(names(TenantscopeTopology.build(config)))
                .containsExactlyElementsOf(fixture("topology/state-names.shared-hourly.txt"));
    }

    /** "store NAME" and "topic NAME" lines, sorted: what the topology keeps on the broker and on disk. */
    static List<String> names(Topology topology) {
        Set<String> names = new TreeSet<>();
        TopologyDescription d = topology.describe();
        for (TopologyDescription.GlobalStore g : d.globalStores()) {
            g.source().topicSet().forEach(t -> names.add("topic " + t));
            g.processor().stores().forEach(s -> names.add("store " + s));
        }
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                switch (n) {
                    case TopologyDescription.Source src -> src.topicSet().forEach(t -> names.add("topic " + t));
                    case TopologyDescription.Sink sink -> names.add("topic " + sink.topic());
                    case TopologyDescription.Processor p -> p.stores().forEach(st -> names.add("store " + st));
                    default -> {}
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<String> fixture(String resource) throws IOException {
        try (var in = TopologyStateNamesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("fixture %s", resource).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }
}
