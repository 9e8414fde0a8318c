package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first discovery of a large organisation publishes as it goes: Organizations lists 20 accounts a page and
 * answers ListTagsForResource one account a call, so at thousands of accounts under its throttling a pass takes
 * minutes, and an all-or-nothing pass (published at the end, under one deadline) left the whole fleet invisible
 * until then — or for ever when the deadline struck first. Real broker, fleet-sim answering slowly and throttling
 * the tag reads.
 */
class DiscoveryIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2));
    static final int ACCOUNTS = 240;

    @TempDir
    Path dir;

    @Test
    void eachPageIsPublishedAsSoonAsItsTagsAreReadNotAtTheEndOfThePass() throws Exception {
        try (Fixture f = new Fixture(dir, ACCOUNTS, NOW)) {
            // every call takes 10 ms more, and Organizations throttles 3 in 10 tag reads (TooManyRequestsException)
            f.sim.faults()
                    .set(FaultConfig.none().withLatency(10, 0).withThrottle("organizations:ListTagsForResource", 0.3));
            try (Collector c = Collector.open(f.config("discovery"), f.clock)) {
                CompletableFuture<?> sweep = CompletableFuture.runAsync(c::sweepOnce);
                long pagesWhenFirstSeen = -1;
                while (!sweep.isDone()) {
                    long pages = f.sim.meter().snapshot().calls("organizations", "ListAccounts");
                    if (!f.read(Topics.ACCOUNTS).isEmpty()) {
                        pagesWhenFirstSeen = pages;
                        break;
                    }
                    Thread.sleep(50);
                }
                sweep.get();
                long pages = f.sim.meter().snapshot().calls("organizations", "ListAccounts");
                System.out.println("first registrations on the topic after " + pagesWhenFirstSeen + " of " + pages
                        + " ListAccounts pages");
                assertThat(pages).as("20 accounts a page").isGreaterThan(5);
                assertThat(pagesWhenFirstSeen)
                        .as("registrations were on the topic while the listing was still paging")
                        .isBetween(1L, pages / 2);
                Set<AccountId> published = f.read(Topics.ACCOUNTS).stream()
                        .map(AccountRegistration::account)
                        .collect(Collectors.toSet());
                Set<AccountId> tagged =
                        f.sim.truth().accounts(NOW).stream().map(a -> a.id()).collect(Collectors.toSet());
                assertThat(published)
                        .as("and the pass ends with the whole fleet")
                        .isEqualTo(tagged);
            }
        }
    }
}
