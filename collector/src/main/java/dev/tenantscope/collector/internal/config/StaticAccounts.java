package dev.tenantscope.collector.internal.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tenantscope.collector.ConfigException;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts file for setups without Organizations access:
 * {@code accounts: [{id, tenant, name?, tier?, environment?, status?, regions?}]}. Every bad entry is reported.
 */
public final class StaticAccounts {
    /** One entry as written. */
    public static final class Entry {
        public String id;
        public String tenant;
        public String name;
        public String tier;
        public String environment;
        public String status;
        public List<String> regions;
    }

    /** The file as written. */
    public static final class File {
        public List<Entry> accounts;
    }

    private StaticAccounts() {}

    public static List<AccountRegistration> load(Path path, List<String> defaultRegions) {
        File f;
        try {
            f = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    .readValue(path.toFile(), File.class);
        } catch (IOException e) {
            throw new ConfigException(
                    path.toString(),
                    List.of("(file): expected a YAML mapping with 'accounts:', got: " + e.getMessage()));
        }
        Problems p = new Problems();
        List<AccountRegistration> out = new ArrayList<>();
        List<Entry> entries = f == null || f.accounts == null ? List.of() : f.accounts;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String at = "accounts[" + i + "]";
            AccountId id = p.account(at + ".id", e.id);
            if (e.id == null) {
                p.add(at + ".id", "(unset)", "a 12-digit AWS account id");
            }
            if (e.tenant == null || e.tenant.isBlank()) {
                p.add(at + ".tenant", e.tenant, "a tenant id");
            }
            AccountStatus status = p.enumValue(at + ".status", e.status, AccountStatus.ACTIVE, AccountStatus.class);
            if (id != null && e.tenant != null && !e.tenant.isBlank()) {
                out.add(new AccountRegistration(
                        id,
                        TenantId.of(e.tenant.strip()),
                        e.name,
                        e.tier == null ? "standard" : e.tier,
                        e.environment == null ? "prod" : e.environment,
                        status,
                        e.regions == null || e.regions.isEmpty() ? defaultRegions : e.regions,
                        Instant.EPOCH));
            }
        }
        if (!p.all().isEmpty()) {
            throw new ConfigException(path.toString(), p.all());
        }
        return out;
    }
}
