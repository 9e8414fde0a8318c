package dev.tenantscope.collector.internal.config;

import dev.tenantscope.config.AwsConfig;
import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.ConfigNode;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The accounts file for setups without Organizations access:
 * {@code accounts: [{id, tenant, name?, tier?, environment?, status?, regions?}]}, read with the one grammar; every
 * bad entry is reported, each with its path ({@link ConfigException} names the file and every problem).
 */
public final class StaticAccounts {
    private StaticAccounts() {}

    public static List<AccountRegistration> load(Path path, List<String> defaultRegions) {
        ConfigTree tree = ConfigTree.read(path, Environment.of(Map.of()));
        List<AccountRegistration> accounts =
                tree.root().list("accounts", n -> entry(n, defaultRegions), "[]", "the accounts to collect");
        tree.requireValid();
        return accounts;
    }

    private static AccountRegistration entry(ConfigNode n, List<String> defaultRegions) {
        String id = n.requiredString("id", "a 12-digit AWS account id", "account id");
        if (id != null && !AwsConfig.ACCOUNT.matcher(id).matches()) {
            n.problem("id", id, "a 12-digit AWS account id");
            id = null;
        }
        String tenant = n.requiredString("tenant", "a tenant id", "tenant id");
        String name = n.optionalString("name", "account name");
        String tier = n.string("tier", "standard", "tier");
        String environment = n.string("environment", "prod", "environment");
        AccountStatus status = n.enumValue("status", AccountStatus.ACTIVE, AccountStatus.class, "account status");
        List<String> regions = n.stringList(
                "regions",
                defaultRegions,
                r -> AwsConfig.REGION.matcher(r).matches(),
                "an AWS region such as us-east-1",
                "regions polled");
        if (id == null || tenant == null) {
            return null;
        }
        return new AccountRegistration(
                AccountId.of(id),
                TenantId.of(tenant),
                name,
                tier,
                environment,
                status,
                regions.isEmpty() ? defaultRegions : regions,
                Instant.EPOCH);
    }
}
