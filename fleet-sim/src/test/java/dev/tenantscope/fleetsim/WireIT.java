package dev.tenantscope.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Raw HTTP: the AWS CLI's protocols (Query and JSON 1.0 CloudWatch), bad requests, and the /_sim/ control plane. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimFixture sim;
    private final HttpClient http = HttpClient.newHttpClient();
    private String memberKey;
    private SimAccount member;

    @BeforeAll
    void start() {
        sim = new SimFixture();
        member = sim.activeAccount(30);
        memberKey = SimCatalog.accessKeyIdOf(member.id());
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.server.faults().reset();
        sim.server.clock().set(SimFixture.NOW);
    }

    private static String auth(String key, String service) {
        return "AWS4-HMAC-SHA256 Credential=" + key + "/20261111/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0";
    }

    private HttpResponse<byte[]> post(String path, Map<String, String> headers, byte[] body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(sim.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> form(String key, String service, String body) throws Exception {
        return post(
                "/",
                Map.of(
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=utf-8",
                        "Authorization",
                        auth(key, service)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> json(String version, String target, String key, String service, String body)
            throws Exception {
        return post(
                "/",
                Map.of(
                        "Content-Type",
                        "application/x-amz-json-" + version,
                        "X-Amz-Target",
                        target,
                        "Authorization",
                        auth(key, service)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Nested
    class CliProtocols {
        @Test
        void cloudWatchQueryProtocolOfCliV2AnswersXmlEqualToGroundTruth() throws Exception {
            Instant t = SimFixture.NOW.minusSeconds(3600);
            var r = form(
                    memberKey,
                    "monitoring",
                    "Action=GetMetricData&Version=2010-08-01"
                            + "&MetricDataQueries.member.1.Id=m1"
                            + "&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FLambda"
                            + "&MetricDataQueries.member.1.MetricStat.Metric.MetricName=Invocations"
                            + "&MetricDataQueries.member.1.MetricStat.Period=300"
                            + "&MetricDataQueries.member.1.MetricStat.Stat=Sum"
                            + "&StartTime=" + t.toString().replace(":", "%3A")
                            + "&EndTime=" + t.plusSeconds(300).toString().replace(":", "%3A"));
            assertThat(r.statusCode()).isEqualTo(200);
            double expected = sim.server
                    .truth()
                    .metric(member.id(), "AWS/Lambda", "Invocations", "Sum", 300, t)
                    .orElseThrow();
            assertThat(text(r))
                    .startsWith("<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">")
                    .contains("<Timestamps><member>" + t + "</member></Timestamps>")
                    .contains("<Values><member>" + expected + "</member></Values>")
                    .contains("<StatusCode>Complete</StatusCode>");
        }

        @Test
        void cloudWatchJson10OfCliV1AnswersEpochSeconds() throws Exception {
            long t = SimFixture.NOW.minusSeconds(3600).getEpochSecond();
            var r = json(
                    "1.0",
                    "GraniteServiceVersion20100801.GetMetricData",
                    memberKey,
                    "monitoring",
                    "{\"MetricDataQueries\":[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\","
                            + "\"MetricName\":\"Invocations\"},\"Period\":300,\"Stat\":\"Sum\"}}],\"StartTime\":" + t
                            + ",\"EndTime\":" + (t + 300) + "}");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode res = JSON.readTree(r.body()).path("MetricDataResults").get(0);
            assertThat(res.path("Timestamps").get(0).asLong()).isEqualTo(t);
            assertThat(res.path("Values").get(0).asDouble())
                    .isEqualTo(sim.server
                            .truth()
                            .metric(member.id(), "AWS/Lambda", "Invocations", "Sum", 300, Instant.ofEpochSecond(t))
                            .orElseThrow());
        }
    }

    @Nested
    class BadRequests {
        @Test
        void unknownQueryActionIsInvalidAction() throws Exception {
            var r = form(memberKey, "sts", "Action=FlyToTheMoon&Version=2011-06-15");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(text(r)).contains("<Code>InvalidAction</Code>").contains("<ErrorResponse>");
        }

        @Test
        void malformedCborIsSerializationException() throws Exception {
            var r = post(
                    "/service/GraniteServiceVersion20100801/operation/GetMetricData",
                    Map.of(
                            "Content-Type",
                            "application/cbor",
                            "smithy-protocol",
                            "rpc-v2-cbor",
                            "Authorization",
                            auth(memberKey, "monitoring")),
                    new byte[] {(byte) 0xbf, 0x61, 0x41, (byte) 0xff, 0x13});
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("x-amzn-query-error")).hasValue("SerializationException;Sender");
            assertThat(new CBORMapper().readTree(r.body()).path("__type").asText())
                    .isEqualTo("SerializationException");
        }

        @Test
        void malformedJsonAndUnknownTargetAre400() throws Exception {
            var bad = json(
                    "1.1",
                    "AWSInsightsIndexService.GetCostAndUsage",
                    SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                    "ce",
                    "{nope");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
            var unknown = json("1.1", "Logs_20140328.DeleteEverything", memberKey, "logs", "{}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(unknown.body()).path("__type").asText()).isEqualTo("UnknownOperationException");
        }

        @Test
        void badDatesAre400NotServerErrors() throws Exception {
            var cw = json(
                    "1.0",
                    "GraniteServiceVersion20100801.GetMetricData",
                    memberKey,
                    "monitoring",
                    "{\"MetricDataQueries\":[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\","
                            + "\"MetricName\":\"Invocations\"},\"Period\":300,\"Stat\":\"Sum\"}}],"
                            + "\"StartTime\":\"yesterday\",\"EndTime\":1}");
            assertThat(cw.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(cw.body()).path("__type").asText()).isEqualTo("InvalidParameterValue");
            var ce = json(
                    "1.1",
                    "AWSInsightsIndexService.GetCostAndUsage",
                    SimCatalog.MANAGEMENT_ACCESS_KEY_ID,
                    "ce",
                    "{\"TimePeriod\":{\"Start\":\"2026/11/01\",\"End\":\"2026-11-02\"},\"Granularity\":\"DAILY\","
                            + "\"Metrics\":[\"UnblendedCost\"]}");
            assertThat(ce.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(ce.body()).path("__type").asText()).isEqualTo("ValidationException");
        }

        @Test
        void jsonWithoutCredentialsIsMissingAuthenticationToken() throws Exception {
            var r = post(
                    "/",
                    Map.of(
                            "Content-Type",
                            "application/x-amz-json-1.1",
                            "X-Amz-Target",
                            "AWSOrganizationsV20161128.ListAccounts"),
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("__type").asText())
                    .isEqualTo("MissingAuthenticationTokenException");
        }
    }

    @Nested
    class ControlPlane {
        private JsonNode get(String path) throws Exception {
            var r = http.send(
                    HttpRequest.newBuilder(URI.create(sim.endpoint() + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        @Test
        void truthEndpointsAgreeWithTheJavaApi() throws Exception {
            assertThat(get("/_sim/truth/accounts").size())
                    .isEqualTo(sim.server.truth().accounts(SimFixture.NOW).size());
            JsonNode cost =
                    get("/_sim/truth/cost/tenant?tenant=" + member.tenant().value() + "&day=2026-11-05");
            assertThat(cost.get(0).path("total").asText())
                    .isEqualTo(sim.server
                            .truth()
                            .tenantDailyCost(member.tenant(), java.time.LocalDate.parse("2026-11-05"), SimFixture.NOW)
                            .total()
                            .toPlainString());
            assertThat(get("/_sim/truth/noisy?from=2026-11-01T00:00:00Z&to=2026-11-11T00:00:00Z")
                            .size())
                    .isEqualTo(sim.server
                            .truth()
                            .noisyEpisodes(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-11T00:00:00Z"))
                            .size());
            assertThat(get("/_sim/health").path("accounts").asInt()).isEqualTo(1000);
            assertThat(get("/_sim/spec").path("genesis").asText()).isEqualTo("2026-11-01T00:00:00Z");
            assertThat(get("/_sim/meter").has("entries")).isTrue();
            assertThat(get("/_sim/truth/quota-crossings?from=2026-10-01T00:00:00Z&to=2026-11-11T00:00:00Z")
                            .size())
                    .isPositive();
            assertThat(get("/_sim/truth/cost/lines?account=" + member.id() + "&day=2026-11-05")
                            .size())
                    .isEqualTo(sim.server
                            .truth()
                            .costLines(member.id(), java.time.LocalDate.parse("2026-11-05"), SimFixture.NOW)
                            .size());
            assertThat(get("/_sim/truth/cost/tenant?month=2026-10").size())
                    .isEqualTo(sim.server.truth().tenants().size());
            assertThat(get("/_sim/truth/metric?account=" + member.id()
                                    + "&namespace=AWS/Lambda&metric=Invocations&stat=Sum&period=300"
                                    + "&timestamp=2026-11-11T10:00:00Z")
                            .path("value")
                            .asDouble())
                    .isEqualTo(sim.server
                            .truth()
                            .metric(
                                    member.id(),
                                    "AWS/Lambda",
                                    "Invocations",
                                    "Sum",
                                    300,
                                    Instant.parse("2026-11-11T10:00:00Z"))
                            .orElseThrow());
        }

        @Test
        void faultsAndClockCanBeSetOverHttp() throws Exception {
            var r = http.send(
                    HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/faults"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"deletedRoleFraction\":0.05,"
                                    + "\"throttleRates\":{\"ce\":0.1},\"credentialTtlSeconds\":900}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(sim.server.faults().get().credentialTtlSeconds()).isEqualTo(900);
            assertThat(sim.server.faults().get().throttleRate("ce", "GetCostAndUsage"))
                    .isEqualTo(0.1);
            assertThat(get("/_sim/truth/faults").path("deletedRoleAccounts").size())
                    .isEqualTo(sim.server.truth().deletedRoleAccounts().size())
                    .isPositive();
            var bad = http.send(
                    HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/faults"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"serverErrorRate\":7}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("serverErrorRate");

            http.send(
                    HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/clock"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\":3600}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sim.server.clock().instant()).isEqualTo(SimFixture.NOW.plusSeconds(3600));
        }
    }
}
