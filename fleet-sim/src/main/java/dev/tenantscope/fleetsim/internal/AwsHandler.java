package dev.tenantscope.fleetsim.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.Meter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes an AWS call by content (X-Amz-Target, CBOR path, form Action, SigV4 signing name), authenticates it,
 * applies faults, meters it, dispatches it and encodes the answer in the caller's protocol.
 */
public final class AwsHandler {
    private static final int MAX_BODY = 4 << 20;
    private static final String CBOR_PATH = "/service/GraniteServiceVersion20100801/operation/";
    private static final Map<String, String> TARGET_SERVICES = Map.of(
            "Logs_20140328", "logs",
            "AWSInsightsIndexService", "ce",
            "ServiceQuotasV20190624", "servicequotas",
            "AWSOrganizationsV20161128", "organizations",
            "GraniteServiceVersion20100801", "monitoring");

    /** Services whose endpoints are regional: refused in an opt-in region the account has not enabled. */
    private static final Set<String> REGIONAL = Set.of("monitoring", "logs", "servicequotas");

    private final Sim sim;
    private final StsService sts;
    private final CloudWatchService cloudwatch;
    private final LogsService logs;
    private final CostExplorerService ce;
    private final QuotasService quotas;
    private final OrganizationsService organizations;
    private final AccountService account;
    private final AtomicLong requestIds = new AtomicLong();

    public AwsHandler(Sim sim) {
        this.sim = sim;
        this.sts = new StsService(sim);
        this.cloudwatch = new CloudWatchService(sim);
        this.logs = new LogsService(sim);
        this.ce = new CostExplorerService(sim);
        this.quotas = new QuotasService(sim);
        this.organizations = new OrganizationsService(sim);
        this.account = new AccountService(sim);
    }

    /** What a response is: status, headers, body. */
    public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {}

    public Response handle(HttpExchange ex) throws IOException {
        String requestId = "fs-" + Long.toHexString(sim.spec.seed()) + "-" + requestIds.incrementAndGet();
        Headers h = ex.getRequestHeaders();
        String path = ex.getRequestURI().getRawPath();
        String target = h.getFirst("X-Amz-Target");
        String contentType = h.getFirst("Content-Type");
        Protocol protocol;
        String service;
        String operation;
        byte[] body;
        try {
            body = read(ex.getRequestBody());
        } catch (SimError e) {
            return error(Protocol.JSON11, e, requestId);
        }
        String signingName = signingName(h.getFirst("Authorization"));
        if (target != null) {
            int dot = target.indexOf('.');
            service = dot < 0 ? null : TARGET_SERVICES.get(target.substring(0, dot));
            operation = dot < 0 ? target : target.substring(dot + 1);
            protocol = "monitoring".equals(service)
                            || (contentType != null && contentType.startsWith("application/x-amz-json-1.0"))
                    ? Protocol.JSON10
                    : Protocol.JSON11;
            if (service == null) {
                return error(
                        protocol,
                        new SimError(400, "UnknownOperationException", "Unknown X-Amz-Target '" + target + "'"),
                        requestId);
            }
        } else if ("account".equals(signingName)) {
            // Account Management is REST-JSON: POST /listRegions
            protocol = Protocol.JSON11;
            service = "account";
            String op = path.substring(path.lastIndexOf('/') + 1);
            operation = op.isEmpty() ? op : Character.toUpperCase(op.charAt(0)) + op.substring(1);
        } else if (path.contains(CBOR_PATH)) {
            protocol = Protocol.CBOR;
            service = "monitoring";
            operation = path.substring(path.indexOf(CBOR_PATH) + CBOR_PATH.length());
        } else {
            protocol = Protocol.QUERY;
            String form = new String(body, StandardCharsets.UTF_8);
            if (form.isEmpty() && ex.getRequestURI().getRawQuery() != null) {
                form = ex.getRequestURI().getRawQuery();
            }
            ObjectNode input;
            try {
                input = Codecs.parseForm(form);
            } catch (SimError e) {
                return error(protocol, e, requestId);
            }
            operation = input.path("Action").asText("");
            if (operation.isEmpty()) {
                return error(
                        protocol,
                        new SimError(
                                400,
                                "MissingAction",
                                "The request must contain the parameter Action (or an X-Amz-Target header)"),
                        requestId);
            }
            service = "sts".equals(signingName) || "monitoring".equals(signingName)
                    ? signingName
                    : operation.equals("AssumeRole") || operation.equals("GetCallerIdentity") ? "sts" : "monitoring";
            return dispatch(ex, protocol, service, operation, input, requestId);
        }
        ObjectNode input;
        try {
            input = Codecs.parseJson(body, protocol);
        } catch (SimError e) {
            return error(protocol, e, requestId);
        }
        return dispatch(ex, protocol, service, operation, input, requestId);
    }

    private Response dispatch(
            HttpExchange ex, Protocol protocol, String service, String operation, ObjectNode input, String requestId) {
        Headers h = ex.getRequestHeaders();
        String akid = accessKeyId(h.getFirst("Authorization"));
        if (akid == null) {
            return error(
                    protocol,
                    protocol == Protocol.QUERY
                            ? new SimError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                            : new SimError(403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
                    requestId);
        }
        Caller caller;
        try {
            caller = Caller.resolve(akid, h.getFirst("X-Amz-Security-Token"), sim.fleet);
        } catch (SimError e) {
            return error(protocol, e, requestId);
        }
        long now = sim.now();
        String region = region(h.getFirst("Authorization"));
        Meter.Call meter = sim.meter.call(caller.account(), service, operation);
        FaultConfig faults = sim.faults.get();
        try {
            latency(faults);
            if (sim.faults.hit("throttle:" + service + ":" + operation, faults.throttleRate(service, operation))) {
                throw throttle(service, protocol);
            }
            if (sim.faults.hit("5xx:" + service + ":" + operation, faults.serverErrorRate(service, operation))) {
                throw new SimError(
                        500,
                        protocol == Protocol.QUERY ? "InternalFailure" : "InternalFailure",
                        "fleet-sim injected a server error (faults.serverErrorRate)");
            }
            if (caller.temporary()
                    && faults.credentialTtlSeconds() > 0
                    && now >= caller.issuedAt() + faults.credentialTtlSeconds()) {
                throw expired(service, protocol);
            }
            if (REGIONAL.contains(service) && !caller.management() && !sim.fleet.enabled(caller.index(), region)) {
                throw regionNotEnabled(protocol);
            }
            int unit = caller.management() ? -1 : sim.fleet.unit(caller.index(), region);
            Call call = new Call(service, operation, protocol, input, caller, region, unit, now, meter);
            ObjectNode out = switch (service) {
                case "sts" -> sts.call(call);
                case "monitoring" -> cloudwatch.call(call);
                case "logs" -> logs.call(call);
                case "ce" -> ce.call(call);
                case "servicequotas" -> quotas.call(call);
                case "organizations" -> organizations.call(call);
                case "account" -> account.call(call);
                default -> throw new SimError(400, "UnknownOperationException", "Unknown service " + service);
            };
            return success(protocol, service, operation, out, requestId);
        } catch (SimError e) {
            meter.error(e.throttle);
            return error(protocol, e, requestId);
        } catch (RuntimeException e) {
            // a bug, not the caller's fault: still an AWS-shaped answer, never a hang
            meter.error(false);
            return error(protocol, new SimError(500, "InternalFailure", "fleet-sim failed: " + e), requestId);
        }
    }

    /**
     * A regional service called in an opt-in region the account has not enabled: the credentials are not valid
     * there ("Manage AWS STS in an AWS Region"), and the service says so as it says of any unknown token.
     */
    private static SimError regionNotEnabled(Protocol protocol) {
        return new SimError(
                403,
                protocol == Protocol.JSON11 ? "UnrecognizedClientException" : "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    private static void latency(FaultConfig f) {
        long ms = f.latencyFixedMs()
                + (f.latencyRandomMs() > 0 ? ThreadLocalRandom.current().nextInt(f.latencyRandomMs() + 1) : 0);
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SimError throttle(String service, Protocol protocol) {
        return switch (service) {
            case "sts", "monitoring" -> new SimError(400, "Throttling", "Rate exceeded", true);
            case "logs" -> new SimError(400, "ThrottlingException", "Rate exceeded", true);
            case "ce" -> new SimError(400, "LimitExceededException", "Rate limit exceeded", true);
            default -> new SimError(400, "TooManyRequestsException", "Rate exceeded", true);
        };
    }

    private static SimError expired(String service, Protocol protocol) {
        String code = service.equals("sts") || protocol == Protocol.JSON11 ? "ExpiredTokenException" : "ExpiredToken";
        return new SimError(
                service.equals("sts") ? 400 : 403, code, "The security token included in the request is expired");
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) {
            throw new SimError(413, "RequestEntityTooLarge", "request body larger than " + MAX_BODY + " bytes");
        }
        return b;
    }

    /** The access key id from {@code Credential=AKID/date/region/service/aws4_request}, or null. */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int i = authorization.indexOf("Credential=");
        if (i < 0) {
            return null;
        }
        int start = i + 11;
        int slash = authorization.indexOf('/', start);
        return slash <= start ? null : authorization.substring(start, slash);
    }

    /** The region of the SigV4 credential scope, {@code us-east-1} when the request names none. */
    static String region(String authorization) {
        String name = signingName(authorization);
        if (name == null) {
            return Fleet.HOME;
        }
        int end = authorization.indexOf("/" + name + "/aws4_request");
        int start = authorization.lastIndexOf('/', end - 1);
        return end < 0 || start < 0 ? Fleet.HOME : authorization.substring(start + 1, end);
    }

    static String signingName(String authorization) {
        if (authorization == null) {
            return null;
        }
        int i = authorization.indexOf("Credential=");
        if (i < 0) {
            return null;
        }
        int end = authorization.indexOf("/aws4_request", i);
        if (end < 0) {
            return null;
        }
        int slash = authorization.lastIndexOf('/', end - 1);
        return slash < 0 ? null : authorization.substring(slash + 1, end);
    }

    private static Response success(Protocol protocol, String service, String op, ObjectNode out, String requestId) {
        return switch (protocol) {
            case QUERY ->
                new Response(
                        200,
                        "text/xml",
                        Map.of("x-amzn-RequestId", requestId),
                        Codecs.xml(
                                op,
                                service.equals("sts")
                                        ? "https://sts.amazonaws.com/doc/2011-06-15/"
                                        : "http://monitoring.amazonaws.com/doc/2010-08-01/",
                                out,
                                requestId));
            case CBOR ->
                new Response(
                        200,
                        "application/cbor",
                        Map.of("x-amzn-RequestId", requestId, "smithy-protocol", "rpc-v2-cbor"),
                        Codecs.cbor(out));
            case JSON10 ->
                new Response(
                        200, "application/x-amz-json-1.0", Map.of("x-amzn-RequestId", requestId), Codecs.json(out));
            case JSON11 ->
                new Response(
                        200, "application/x-amz-json-1.1", Map.of("x-amzn-RequestId", requestId), Codecs.json(out));
        };
    }

    static Response error(Protocol protocol, SimError e, String requestId) {
        String fault = e.status >= 500 ? "Receiver" : "Sender";
        return switch (protocol) {
            case QUERY ->
                new Response(
                        e.status, "text/xml", Map.of("x-amzn-RequestId", requestId), Codecs.xmlError(e, requestId));
            case CBOR ->
                new Response(
                        e.status,
                        "application/cbor",
                        Map.of(
                                "x-amzn-RequestId",
                                requestId,
                                "smithy-protocol",
                                "rpc-v2-cbor",
                                "x-amzn-query-error",
                                e.code + ";" + fault),
                        Codecs.cbor(Codecs.errorTree(e)));
            case JSON10 ->
                new Response(
                        e.status,
                        "application/x-amz-json-1.0",
                        Map.of("x-amzn-RequestId", requestId, "x-amzn-query-error", e.code + ";" + fault),
                        Codecs.json(Codecs.errorTree(e)));
            case JSON11 ->
                new Response(
                        e.status,
                        "application/x-amz-json-1.1",
                        Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", e.code),
                        Codecs.json(Codecs.errorTree(e)));
        };
    }
}
