package dev.tenantscope.clickhouse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tenantscope.clickhouse.testing.ClickHouseSqlContract;
import dev.tenantscope.clickhouse.testing.TestEngines;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * The contract on a ClickHouse server: {@code TENANTSCOPE_CLICKHOUSE_URL} if set, else a Testcontainers
 * server if a Docker engine is present; otherwise every test is reported as skipped, with the reason.
 */
class ServerClickHouseIT extends ClickHouseSqlContract {
    private static final String IMAGE = "clickhouse/clickhouse-server:25.8";
    private ClickHouseContainer container;
    private String url;

    @Override
    protected ClickHouseSql open() {
        if (url == null) {
            url = locateServer();
        }
        return TestEngines.server(url);
    }

    private String locateServer() {
        Optional<String> configured = TestEngines.serverUrl();
        if (configured.isPresent()) {
            System.out.println("[contract] ServerClickHouseIT uses " + TestEngines.ENV_SERVER_URL);
            return configured.get();
        }
        boolean docker = dockerAvailable();
        String reason = "server contract NOT RUN: " + TestEngines.ENV_SERVER_URL
                + " is not set and Testcontainers found no Docker engine (the chDB contract ran instead)";
        if (!docker) {
            System.out.println("[contract] ServerClickHouseIT " + reason);
        }
        assumeTrue(docker, reason);
        container = new ClickHouseContainer(IMAGE);
        container.start();
        System.out.println("[contract] ServerClickHouseIT started " + IMAGE + " with Testcontainers");
        return "http://" + container.getUsername() + ":" + container.getPassword() + "@" + container.getHost() + ":"
                + container.getMappedPort(8123) + "/default";
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @AfterAll
    void stopContainer() {
        if (container != null) {
            container.stop();
        }
    }
}
