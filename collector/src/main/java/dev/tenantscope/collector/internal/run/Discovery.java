package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Credentials;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * Finds the fleet (Organizations, or a static file) and publishes a registration only when it differs from what
 * the accounts topic holds. Accounts that vanished from Organizations are published CLOSED — never deleted, so
 * their history keeps its owner — once a pass has listed the whole organisation. Tags are read once per account
 * and again when its listing changes or they are old.
 *
 * <p>Organizations answers ListAccounts 20 accounts a page and ListTagsForResource one account a call, so a first
 * pass over thousands of accounts takes minutes under its throttling: each page is published (and flushed) as
 * soon as its tags are read, and each page has its own deadline. A pass that fails part-way keeps what it
 * published; the next pass reads only the tags it is missing.
 */
public final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final Duration PAGE_DEADLINE = Duration.ofMinutes(2);
    private final CollectorConfig config;
    private final Apis apis;
    private final Credentials base;
    private final Clock wall;
    private final Supplier<List<AccountRegistration>> staticAccounts;
    private final Map<AccountId, AccountRegistration> published = new HashMap<>();
    private final Clock data;
    /** Tags by account, with the data time they were read: re-read once older than discovery.tagRefresh. */
    private final Map<AccountId, Tags> tagCache = new HashMap<>();

    private record Tags(Map<String, String> values, Instant readAt) {}

    /** What one discovery pass did. */
    public record Result(int seen, int published, int untagged, RunLedger ledger) {}

    public Discovery(
            CollectorConfig config,
            Apis apis,
            Credentials base,
            Clock wall,
            Supplier<List<AccountRegistration>> staticAccounts) {
        this(config, apis, base, wall, wall, staticAccounts);
    }

    /** @param data the data clock, which ages the tags read */
    public Discovery(
            CollectorConfig config,
            Apis apis,
            Credentials base,
            Clock wall,
            Clock data,
            Supplier<List<AccountRegistration>> staticAccounts) {
        this.config = config;
        this.apis = apis;
        this.base = base;
        this.wall = wall;
        this.data = data;
        this.staticAccounts = staticAccounts;
    }

    /** Seeds what the accounts topic already holds, so a restart publishes only real changes. */
    public synchronized void seed(Collection<AccountRegistration> existing) {
        existing.forEach(r -> published.put(r.account(), r));
    }

    public synchronized Result run(Sink sink) {
        RunLedger ledger = new RunLedger();
        List<AccountRegistration> found;
        int[] untagged = {0};
        int[] changed = {0};
        if (config.discovery().mode() == CollectorConfig.DiscoveryMode.STATIC) {
            found = staticAccounts.get();
            changed[0] += publish(found, sink);
        } else {
            found = organizations(ledger, untagged, page -> changed[0] += publish(page, sink));
        }
        Map<AccountId, AccountRegistration> now = new HashMap<>();
        found.forEach(r -> now.put(r.account(), r));
        int vanished = 0;
        for (AccountRegistration old : List.copyOf(published.values())) {
            if (!now.containsKey(old.account()) && old.status() != AccountStatus.CLOSED) {
                AccountRegistration closed = new AccountRegistration(
                        old.account(),
                        old.tenant(),
                        old.name(),
                        old.tier(),
                        old.environment(),
                        AccountStatus.CLOSED,
                        old.regions(),
                        old.joinedAt());
                sink.account(closed);
                published.put(old.account(), closed);
                vanished++;
            }
        }
        if (vanished > 0) {
            sink.flush();
        }
        return new Result(found.size(), changed[0] + vanished, untagged[0], ledger);
    }

    /** Publishes the registrations that differ from what was published, and flushes them. */
    private int publish(List<AccountRegistration> registrations, Sink sink) {
        int changed = 0;
        for (AccountRegistration r : registrations) {
            if (!r.equals(published.get(r.account()))) {
                sink.account(r);
                published.put(r.account(), r);
                changed++;
            }
        }
        if (changed > 0) {
            sink.flush();
        }
        return changed;
    }

    /** @param onPage gets each page's registrations as soon as its tags are read */
    private List<AccountRegistration> organizations(
            RunLedger ledger, int[] untagged, Consumer<List<AccountRegistration>> onPage) {
        CollectorConfig.Discovery d = config.discovery();
        AccountId mgmt = config.managementAccount() != null ? config.managementAccount() : AccountId.of("000000000000");
        List<AccountRegistration> out = new ArrayList<>();
        String token = null;
        do {
            // a deadline per page (20 accounts, their tags), not per pass: a pass over thousands takes minutes
            Target t =
                    new Target(mgmt, "us-east-1", base, ledger, wall.instant().plus(PAGE_DEADLINE));
            ListAccountsResponse r = apis.listAccounts.call(
                    t, ListAccountsRequest.builder().nextToken(token).build());
            List<AccountRegistration> page = new ArrayList<>();
            for (Account a : r.accounts()) {
                AccountId id = AccountId.of(a.id());
                AccountStatus status = status(a);
                AccountRegistration prev = published.get(id);
                Tags cached = tagCache.get(id);
                boolean listingChanged =
                        prev == null || prev.status() != status || !prev.name().equals(nz(a.name()));
                Instant now = data.instant();
                // tags change without any change to the account: re-read them once they are old
                // (each account at its own jittered age between half and all of tagRefresh: no hourly burst)
                Duration age = Duration.ofMillis(
                        (long) (d.tagRefresh().toMillis() * (0.5 + 0.5 * Jitter.fraction(id, "tag-refresh"))));
                boolean stale = cached == null
                        || !cached.readAt().plus(age).isAfter(now)
                        || cached.readAt().isAfter(now);
                if (stale || listingChanged) {
                    cached = new Tags(tags(t, id), now);
                    tagCache.put(id, cached);
                }
                Map<String, String> tags = cached.values();
                String tenant = tags.get(d.tenantTag());
                if (tenant == null || tenant.isBlank()) {
                    untagged[0]++;
                    continue;
                }
                Instant joined = a.joinedTimestamp() == null ? Instant.EPOCH : a.joinedTimestamp();
                page.add(new AccountRegistration(
                        id,
                        TenantId.of(tenant),
                        nz(a.name()),
                        tags.getOrDefault(d.tierTag(), "standard"),
                        tags.getOrDefault(d.environmentTag(), "prod"),
                        status,
                        regions(id, tags),
                        joined));
            }
            onPage.accept(page);
            out.addAll(page);
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        if (untagged[0] > 0) {
            LOG.info("{} account(s) without tag {} are not collected", untagged[0], d.tenantTag());
        }
        return out;
    }

    /**
     * The regions the {@code tenantscope-regions} tag names (comma, semicolon or space separated), else
     * {@code aws.regions}; what is not a region name is left out with a warning naming the account and the value.
     */
    private List<String> regions(AccountId id, Map<String, String> tags) {
        String v = tags.get("tenantscope-regions");
        if (v == null || v.isBlank()) {
            return config.aws().regions();
        }
        RegionsTag tag = RegionsTag.parse(v);
        if (!tag.refused().isEmpty()) {
            LOG.warn(
                    "account {}: tag tenantscope-regions '{}' names no AWS region in {} (expected names such as"
                            + " eu-west-1); {}",
                    id.value(),
                    v,
                    tag.refused(),
                    tag.regions().isEmpty()
                            ? "aws.regions " + config.aws().regions() + " used"
                            : "using " + tag.regions());
        }
        return tag.regions().isEmpty() ? config.aws().regions() : tag.regions();
    }

    private Map<String, String> tags(Target t, AccountId id) {
        Map<String, String> tags = new HashMap<>();
        String token = null;
        do {
            var r = apis.listTags.call(
                    t,
                    ListTagsForResourceRequest.builder()
                            .resourceId(id.value())
                            .nextToken(token)
                            .build());
            for (Tag tag : r.tags()) {
                tags.put(tag.key(), tag.value());
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return tags;
    }

    static AccountStatus status(Account a) {
        String s = a.stateAsString() != null ? a.stateAsString() : a.statusAsString();
        if (s == null) {
            return AccountStatus.ACTIVE;
        }
        return switch (s) {
            case "ACTIVE" -> AccountStatus.ACTIVE;
            case "SUSPENDED" -> AccountStatus.SUSPENDED;
            case "CLOSED", "PENDING_CLOSURE" -> AccountStatus.CLOSED;
            default -> AccountStatus.SUSPENDED;
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
