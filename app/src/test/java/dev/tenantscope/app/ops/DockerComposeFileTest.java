package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docker-compose.yml} runnable without a Docker engine: every check here is on the file's
 * structure (Jackson YAML), and when the {@code docker compose} plugin is installed its own
 * {@code docker compose config} validation runs as well. The output says which ran.
 */
class DockerComposeFileTest {
    /** A pinned image: a tag that names a version (not latest) or a digest. */
    private static final Pattern PINNED =
            Pattern.compile("^[a-z0-9./_-]+(:[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*)?(@sha256:[0-9a-f]{64})?$");

    private static final Set<String> ROLES = Set.of("fleet-sim", "collector", "streams", "query-api", "migrate");
    private static final Set<String> SCRAPED_ROLES = Set.of("collector", "streams", "query-api");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path root;
    private static JsonNode compose;
    private static Map<String, JsonNode> services;

    @BeforeAll
    static void read() throws IOException {
        root = RepoRoot.find();
        compose = YAML.readTree(root.resolve("docker-compose.yml").toFile());
        services = new TreeMap<>();
        compose.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
    }

    @Test
    void dockerComposeConfigAcceptsTheFileWhenDockerComposeIsInstalled() throws Exception {
        boolean installed = commandSucceeds(List.of("docker", "compose", "version"));
        if (!installed) {
            System.out.println("[compose] backend: YAML structure checks only (no 'docker compose' plugin here)");
        }
        // not a pass: the report shows this check skipped, with the reason
        assumeTrue(
                installed,
                "'docker compose version' failed: the docker compose plugin is not installed here, so"
                        + " 'docker compose config' could not validate docker-compose.yml (the YAML structure checks ran)");
        System.out.println("[compose] backend: docker compose config + YAML structure checks");
        ProcessBuilder pb = new ProcessBuilder("docker", "compose", "-f", "docker-compose.yml", "config", "--quiet")
                .directory(root.toFile())
                .redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker compose config said:%n%s", output).isZero();
    }

    @Test
    void theScaleOutTopologyHasEveryPart() {
        assertThat(services)
                .containsKeys(
                        "kafka",
                        "clickhouse",
                        "grafana",
                        "prometheus",
                        "fleet-sim",
                        "collector",
                        "streams",
                        "query-api",
                        "migrate");
        assertThat(services.get("collector").path("deploy").path("replicas").asInt(1))
                .as("collectors scale out in one consumer group: run more than one")
                .isGreaterThan(1);
        assertThat(services.get("streams").path("deploy").path("replicas").asInt(1))
                .as("streams instances share partitions: run more than one")
                .isGreaterThan(1);
    }

    @Test
    void everyServiceHasAPinnedImageOrABuild() {
        services.forEach((name, s) -> {
            String image = s.path("image").asText("");
            assertThat(!image.isEmpty() || s.has("build"))
                    .as("service %s has neither image nor build", name)
                    .isTrue();
            if (!image.isEmpty()) {
                assertThat(image).as("image of %s", name).matches(PINNED).doesNotEndWith(":latest");
                assertThat(image.contains(":") || image.contains("@"))
                        .as("image of %s (%s) has no tag: pin a version", name, image)
                        .isTrue();
            }
        });
    }

    @Test
    void tenantscopeServicesRunOneRoleFromTheProjectImage() {
        for (Map.Entry<String, JsonNode> e : tenantscopeServices().entrySet()) {
            JsonNode s = e.getValue();
            assertThat(s.path("build").path("dockerfile").asText())
                    .as("build of %s", e.getKey())
                    .isEqualTo("docker/Dockerfile");
            List<String> command = strings(s.path("command"));
            assertThat(command).as("command of %s", e.getKey()).isNotEmpty();
            assertThat(ROLES).as("role of %s", e.getKey()).contains(command.get(0));
            int config = command.indexOf("--config");
            if (config >= 0) {
                String file = command.get(config + 1);
                assertThat(containerPaths(s))
                        .as("%s reads %s: mount it", e.getKey(), file)
                        .contains(file);
            }
        }
        assertThat(Files.isRegularFile(root.resolve("docker/Dockerfile"))).isTrue();
    }

    @Test
    void fleetSimListensOnTheNetworkAndExpectsTheConfiguredExternalId() throws IOException {
        List<String> command = strings(services.get("fleet-sim").path("command"));
        JsonNode config = YAML.readTree(
                root.resolve("docker/tenantscope/tenantscope.yaml").toFile());
        assertThat(command)
                .as("fleet-sim binds loopback by default: other containers could not reach it")
                .containsSequence("--bind", "0.0.0.0");
        assertThat(command)
                .as("the collector assumes roles with aws.externalId of tenantscope.yaml")
                .containsSequence(
                        "--external-id", config.path("aws").path("externalId").asText());
        assertThat(config.path("aws").path("endpointOverride").asText())
                .isEqualTo("http://fleet-sim:" + command.get(command.indexOf("--port") + 1));
    }

    @Test
    void theDockerfileBuildsFromPinnedBaseImagesAndRunsTheLauncher() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("docker/Dockerfile"));
        List<String> bases = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1])
                .toList();
        assertThat(bases).isNotEmpty();
        for (String base : bases) {
            assertThat(base)
                    .as("base image %s", base)
                    .matches(PINNED)
                    .contains(":")
                    .doesNotEndWith(":latest");
        }
        assertThat(String.join("\n", lines)).contains("dev.tenantscope.app.Main");
    }

    @Test
    void publishedHostPortsDoNotClash() {
        Map<String, String> owner = new HashMap<>();
        services.forEach((name, s) -> {
            for (String port : strings(s.path("ports"))) {
                String host = hostPort(port);
                String previous = owner.putIfAbsent(host, name);
                assertThat(previous)
                        .as("host port %s published by both %s and %s", host, previous, name)
                        .isNull();
            }
            if (s.path("deploy").path("replicas").asInt(1) > 1) {
                assertThat(strings(s.path("ports")))
                        .as("%s runs several replicas: it cannot publish a fixed host port", name)
                        .isEmpty();
            }
        });
    }

    @Test
    void everyMountedHostPathExistsInTheRepository() {
        services.forEach((name, s) -> {
            for (String volume : strings(s.path("volumes"))) {
                String source = volume.split(":", 2)[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(root.resolve(source).normalize())
                            .as("host path %s mounted by %s", source, name)
                            .exists();
                } else {
                    assertThat(compose.path("volumes").has(source))
                            .as("named volume %s used by %s is declared under volumes:", source, name)
                            .isTrue();
                }
            }
        });
    }

    @Test
    void dependsOnNamesExistingServices() {
        services.forEach((name, s) -> {
            JsonNode deps = s.path("depends_on");
            List<String> names = deps.isArray() ? strings(deps) : new ArrayList<>();
            deps.properties().forEach(e -> names.add(e.getKey()));
            assertThat(services.keySet()).as("depends_on of %s", name).containsAll(names);
        });
    }

    @Test
    void grafanaMountsTheProvisionedDashboards() {
        List<String> volumes = strings(services.get("grafana").path("volumes"));
        assertThat(volumes)
                .contains(
                        "./dashboards/src/main/resources/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./dashboards/src/main/resources/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(services.get("grafana")
                        .path("environment")
                        .path("GF_PLUGINS_PREINSTALL_SYNC")
                        .asText())
                .startsWith("grafana-clickhouse-datasource@");
        String home = services.get("grafana")
                .path("environment")
                .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                .asText();
        assertThat(root.resolve(home.replace(
                        "/var/lib/grafana/dashboards", "dashboards/src/main/resources/grafana/dashboards")))
                .as("Grafana's home dashboard %s", home)
                .isRegularFile();
    }

    @Test
    void prometheusLoadsTheShippedRulesAndSendsToTheComposeAlertmanager() throws IOException {
        JsonNode prometheus =
                YAML.readTree(root.resolve("docker/prometheus/prometheus.yml").toFile());
        Map<String, String> mounts = new TreeMap<>(); // container path → host path
        for (String volume : strings(services.get("prometheus").path("volumes"))) {
            String[] parts = volume.split(":");
            if (parts.length >= 2 && parts[0].startsWith("./")) {
                mounts.put(parts[1], parts[0].substring(2));
            }
        }
        List<String> ruleFiles = strings(prometheus.path("rule_files"));
        assertThat(ruleFiles).isNotEmpty();
        assertThat(ruleFiles.stream().map(mounts::get).toList())
                .as("rule files %s mounted from the repository (mounts %s)", ruleFiles, mounts)
                .containsExactly("deploy/prometheus/tenantscope-rules.yml");

        assertThat(services).containsKey("alertmanager");
        JsonNode alertmanager = services.get("alertmanager");
        assertThat(alertmanager.path("image").asText()).matches(PINNED).doesNotEndWith(":latest");
        assertThat(strings(alertmanager.path("volumes")))
                .anyMatch(v -> v.startsWith("./docker/alertmanager/alertmanager.yml:"));
        List<String> targets = new ArrayList<>();
        for (JsonNode am : prometheus.path("alerting").path("alertmanagers")) {
            for (JsonNode sc : am.path("static_configs")) {
                targets.addAll(strings(sc.path("targets")));
            }
        }
        assertThat(targets).containsExactly("alertmanager:9093");
        assertThat(containerPorts(alertmanager)).contains(9093);
        assertThat(services.get("prometheus").path("depends_on").has("alertmanager"))
                .isTrue();
    }

    @Test
    void prometheusScrapesEveryTenantscopeProcessOnItsPort() throws IOException {
        JsonNode prometheus =
                YAML.readTree(root.resolve("docker/prometheus/prometheus.yml").toFile());
        Map<String, Set<Integer>> scraped = new TreeMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (String target : strings(sc.path("targets"))) {
                    String[] hp = target.split(":");
                    scraped.computeIfAbsent(hp[0], k -> new TreeSet<>()).add(Integer.parseInt(hp[1]));
                }
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                for (String host : strings(dns.path("names"))) {
                    scraped.computeIfAbsent(host, k -> new TreeSet<>())
                            .add(dns.path("port").asInt());
                }
            }
        }
        scraped.forEach((host, ports) -> {
            if (host.equals("localhost")) {
                return;
            }
            assertThat(services)
                    .as("scrape target host %s is not a compose service", host)
                    .containsKey(host);
            assertThat(containerPorts(services.get(host)))
                    .as("ports %s scraped on %s are not exposed by that service", ports, host)
                    .containsAll(ports);
        });
        assertThat(scraped.keySet())
                .as("tenantscope processes Prometheus scrapes")
                .containsAll(SCRAPED_ROLES);
    }

    @Test
    void theSharedConfigUsesThePortsTheComposeFileExposes() throws IOException {
        JsonNode config = YAML.readTree(
                root.resolve("docker/tenantscope/tenantscope.yaml").toFile());
        assertThat(containerPorts(services.get("collector")))
                .contains(config.path("collector").path("prometheusPort").asInt());
        assertThat(containerPorts(services.get("streams")))
                .contains(config.path("streams").path("prometheusPort").asInt());
        assertThat(containerPorts(services.get("query-api")))
                .contains(config.path("queryApi").path("port").asInt());
        assertThat(config.path("kafka").path("bootstrapServers").asText()).isEqualTo("kafka:9092");
    }

    private static Map<String, JsonNode> tenantscopeServices() {
        Map<String, JsonNode> result = new TreeMap<>();
        services.forEach((name, s) -> {
            if (s.has("build")) {
                result.put(name, s);
            }
        });
        assertThat(result.keySet()).as("services built from this repository").containsAll(ROLES);
        return result;
    }

    /** {@code "8080:8080"}, {@code "127.0.0.1:8080:8080"}, {@code "8080"} → the host side. */
    private static String hostPort(String spec) {
        String[] parts = spec.replaceAll("/(tcp|udp)$", "").split(":");
        return parts.length == 1 ? parts[0] : String.join(":", List.of(parts).subList(0, parts.length - 1));
    }

    private static Set<Integer> containerPorts(JsonNode service) {
        Set<Integer> ports = new TreeSet<>();
        strings(service.path("expose")).forEach(p -> ports.add(Integer.parseInt(p.replaceAll("/(tcp|udp)$", ""))));
        for (String spec : strings(service.path("ports"))) {
            String[] parts = spec.replaceAll("/(tcp|udp)$", "").split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    private static Set<String> containerPaths(JsonNode service) {
        Set<String> paths = new TreeSet<>();
        Pattern volume = Pattern.compile("^[^:]+:([^:]+)(:r[ow])?$");
        for (String v : strings(service.path("volumes"))) {
            Matcher m = volume.matcher(v);
            if (m.matches()) {
                paths.add(m.group(1));
            }
        }
        return paths;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return new ArrayList<>();
        }
        if (node.isArray()) {
            return new ArrayList<>(StreamSupport.stream(node.spliterator(), false)
                    .map(JsonNode::asText)
                    .toList());
        }
        return new ArrayList<>(List.of(node.asText()));
    }

    private static boolean commandSucceeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
