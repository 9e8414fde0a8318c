package dev.tenantscope.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The shared {@code clickhouse} section.
 *
 * @param url the server's HTTP endpoint with the database as path ({@code http://host:8123/tenantscope}); null
 *     runs the embedded engine (chDB) in the data directory
 * @param password empty when none; never printed
 */
public record ClickHouseConfig(URI url, String user, String password) {
    public ClickHouseConfig {
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    public boolean embedded() {
        return url == null;
    }

    public ClickHouseConfig withUrl(URI u) {
        return new ClickHouseConfig(u, user, password);
    }

    static ClickHouseConfig bind(ConfigNode n) {
        URI url = n.uri(
                "url",
                null,
                "ClickHouse server, http://host:8123/database; leave out for the embedded engine in the data dir");
        String user = n.string("user", "default", "ClickHouse user");
        String password = n.secret("password", "ClickHouse password (never printed)");
        if (url != null && url.getUserInfo() != null) {
            // http://user:password@host… (e.g. --clickhouse-url): the keys win when set
            String info = url.getUserInfo();
            int colon = info.indexOf(':');
            if (!n.has("user")) {
                user = colon < 0 ? info : info.substring(0, colon);
                n.derived("user", user, "from url");
            }
            if (password == null && colon >= 0) {
                password = info.substring(colon + 1);
            }
            url = withoutUserInfo(url);
        }
        return new ClickHouseConfig(url, user, password);
    }

    private static URI withoutUserInfo(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseConfig[url=" + url + ", user=" + user + ", password=****]";
    }
}
