package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The IAM in {@code deploy/} grants exactly what the collector calls: the tenant role's actions plus the
 * collector policy's actions must EQUAL the AWS operations found in the collector's compiled classes. A
 * missing action is an outage (AccessDenied on every account); an extra one is privilege nobody uses.
 *
 * <p>Operations are found as calls to AWS SDK v2 service client interfaces
 * ({@code software.amazon.awssdk.services.<pkg>.<Name>Client}): {@code getMetricData} → {@code GetMetricData},
 * {@code listAccountsPaginator} → {@code ListAccounts}; the package maps to the IAM prefix.
 */
class IamPolicyMatchesCodeTest {
    private static final Pattern SERVICE_CLIENT =
            Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.([a-z0-9]+)\\.[A-Za-z0-9]+(Async)?Client$");

    /** SDK package → IAM service prefix (they differ for CloudWatch Logs and Cost Explorer). */
    private static final Map<String, String> IAM_PREFIX = Map.of(
            "account", "account",
            "cloudwatch", "cloudwatch",
            "cloudwatchlogs", "logs",
            "costexplorer", "ce",
            "servicequotas", "servicequotas",
            "organizations", "organizations",
            "sts", "sts");

    /** Client methods that are not AWS operations. */
    private static final Set<String> NOT_OPERATIONS =
            Set.of("builder", "create", "close", "serviceName", "serviceClientConfiguration", "utilities", "waiter");

    /** Operations AWS authorises without any IAM permission. */
    private static final Set<String> NO_PERMISSION_NEEDED = Set.of("sts:GetCallerIdentity");

    /**
     * Credential providers that call STS themselves: using one is calling the operation.
     */
    private static final Map<String, String> CALLING_PROVIDERS = Map.of(
            "software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider",
            "sts:AssumeRole",
            "software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider",
            "sts:AssumeRoleWithWebIdentity");

    /**
     * Read-only by verb, plus the two Logs Insights calls that start and stop the collector's own query:
     * IAM files them under "Read" and "Write", but neither changes anything in the tenant's account.
     */
    private static final Pattern READ_ONLY = Pattern.compile("^[a-z0-9-]+:(Get|List|Describe|Filter)[A-Za-z]*$");

    private static final Set<String> ALSO_ALLOWED = Set.of("logs:StartQuery", "logs:StopQuery", "sts:AssumeRole");

    /**
     * Actions for which AWS supports resource-level permissions: never granted on {@code "*"}.
     * (CloudWatch GetMetricData/ListMetrics, Logs DescribeLogGroups/GetQueryResults/StopQuery, Service Quotas
     * ListServiceQuotas and ListAWSDefaultServiceQuotas, Cost Explorer and Organizations ListAccounts only accept
     * {@code "*"}.)
     */
    private static final Set<String> SCOPABLE = Set.of(
            "logs:StartQuery",
            "logs:FilterLogEvents",
            "servicequotas:GetServiceQuota",
            "organizations:ListTagsForResource",
            "account:ListRegions",
            "sts:AssumeRole");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static JsonNode tenantTemplate;
    private static JsonNode collectorPolicy;
    private static JsonNode payerTemplate;

    @BeforeAll
    static void readPolicies() throws IOException {
        root = RepoRoot.find();
        tenantTemplate = YAML.readTree(root.resolve("deploy/tenant-role.yaml").toFile());
        collectorPolicy =
                JSON.readTree(root.resolve("deploy/collector-policy.json").toFile());
        payerTemplate = YAML.readTree(root.resolve("deploy/payer-role.yaml").toFile());
    }

    @Test
    void grantedActionsEqualTheOperationsTheCollectorCalls() {
        Map<String, Set<String>> called = operationsCalledByCollector();
        Set<String> granted = new TreeSet<>(actions(tenantRoleStatements()));
        granted.addAll(actions(collectorPolicyStatements()));
        granted.addAll(actions(payerRoleStatements()));

        System.out.println("[iam] collector calls " + called.keySet());
        System.out.println("[iam] deploy/ grants  " + granted);

        Set<String> missing = new TreeSet<>(called.keySet());
        missing.removeAll(granted);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(called.keySet());
        Map<String, Set<String>> missingWhere = new TreeMap<>(called);
        missingWhere.keySet().retainAll(missing);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(missingWhere)
                    .as("operations the collector calls but deploy/tenant-role.yaml, deploy/collector-policy.json and"
                            + " deploy/payer-role.yaml do not grant (called from) — add them where they are called")
                    .isEmpty();
            softly.assertThat(unused)
                    .as("actions granted in deploy/ that no collector code calls — remove them (least privilege)")
                    .isEmpty();
        });
    }

    @Nested
    class TenantRole {
        @Test
        void grantsOnlyReadActionsWithoutWildcards() {
            assertReadOnlyWithoutWildcards(tenantRoleStatements());
        }

        @Test
        void neverGrantsAScopableActionOnEveryResource() {
            assertScopableActionsAreScoped(tenantRoleStatements());
        }

        @Test
        void grantsNoCostExplorerAccessNowThatCostIsReadAsThePayerSeesIt() {
            assertThat(actions(tenantRoleStatements()))
                    .as("per-account cost mode was removed; cost is read through deploy/payer-role.yaml")
                    .noneMatch(a -> a.startsWith("ce:"));
        }

        @Test
        void trustsTheCollectorAccountOnlyWithTheExternalId() {
            JsonNode role = tenantRole();
            JsonNode trust =
                    role.path("Properties").path("AssumeRolePolicyDocument").path("Statement");
            assertThat(trust).hasSize(1);
            JsonNode statement = trust.get(0);
            assertThat(statement.path("Action").asText()).isEqualTo("sts:AssumeRole");
            assertThat(statement.path("Principal").path("AWS").path("Fn::Sub").asText())
                    .contains("${CollectorAccountId}");
            assertThat(statement
                            .path("Condition")
                            .path("StringEquals")
                            .path("sts:ExternalId")
                            .path("Fn::If")
                            .get(2)
                            .path("Ref")
                            .asText())
                    .as("outside a rotation only ExternalId (TenantRoleRotationTest covers the two-ID rollout)")
                    .isEqualTo("ExternalId");
            assertThat(statement
                            .path("Condition")
                            .path("ArnEquals")
                            .path("aws:PrincipalArn")
                            .path("Fn::Sub")
                            .asText())
                    .contains("${CollectorRoleName}");
        }

        @Test
        void takesTheExternalIdAsASecretParameterAndTheRoleNameWithItsDefault() {
            JsonNode parameters = tenantTemplate.path("Parameters");
            assertThat(parameters.path("ExternalId").path("NoEcho").asBoolean())
                    .as("ExternalId must be NoEcho")
                    .isTrue();
            assertThat(parameters.path("RoleName").path("Default").asText()).isEqualTo("TenantScopeReadOnly");
            assertThat(parameters.path("CollectorAccountId").isObject()).isTrue();
            assertThat(tenantRole()
                            .path("Properties")
                            .path("RoleName")
                            .path("Ref")
                            .asText())
                    .isEqualTo("RoleName");
        }
    }

    @Nested
    class PayerRole {
        @Test
        void grantsOnlyReadActionsWithoutWildcards() {
            assertReadOnlyWithoutWildcards(payerRoleStatements());
        }

        @Test
        void grantsCostExplorerAndTheOrganisationCheckOnly() {
            assertThat(actions(payerRoleStatements()))
                    .allMatch(a -> a.startsWith("ce:") || a.equals("organizations:DescribeOrganization"));
        }

        @Test
        void trustsTheCollectorRoleOnlyWithTheExternalId() {
            JsonNode statement = role(payerTemplate)
                    .path("Properties")
                    .path("AssumeRolePolicyDocument")
                    .path("Statement")
                    .get(0);
            assertThat(statement
                            .path("Condition")
                            .path("StringEquals")
                            .path("sts:ExternalId")
                            .path("Ref")
                            .asText())
                    .isEqualTo("ExternalId");
            assertThat(payerTemplate
                            .path("Parameters")
                            .path("ExternalId")
                            .path("NoEcho")
                            .asBoolean())
                    .isTrue();
            assertThat(payerTemplate
                            .path("Parameters")
                            .path("RoleName")
                            .path("Default")
                            .asText())
                    .as("the collector policy's AssumePayerCostRole names it")
                    .isEqualTo("TenantScopeCostReader");
        }
    }

    @Nested
    class CollectorPolicy {
        @Test
        void grantsOnlyReadActionsWithoutWildcards() {
            assertReadOnlyWithoutWildcards(collectorPolicyStatements());
        }

        @Test
        void neverGrantsAScopableActionOnEveryResource() {
            assertScopableActionsAreScoped(collectorPolicyStatements());
        }

        @Test
        void assumesOnlyTheTenantRoleAndThePayerRoleByTheirDefaultNames() {
            List<String> resources = new ArrayList<>();
            for (JsonNode s : collectorPolicyStatements()) {
                if (asList(s.path("Action")).contains("sts:AssumeRole")) {
                    resources.addAll(asList(s.path("Resource")));
                }
            }
            assertThat(resources)
                    .containsExactlyInAnyOrder(
                            "arn:aws:iam::*:role/TenantScopeReadOnly", "arn:aws:iam::*:role/TenantScopeCostReader");
        }
    }

    private static void assertReadOnlyWithoutWildcards(List<JsonNode> statements) {
        for (JsonNode s : statements) {
            assertThat(s.path("Effect").asText()).as("Effect of %s", s).isEqualTo("Allow");
            assertThat(s.has("NotAction")).as("NotAction in %s", s).isFalse();
            for (String action : asList(s.path("Action"))) {
                assertThat(action).as("action in %s", s.path("Sid")).doesNotContain("*");
                assertThat(READ_ONLY.matcher(action).matches() || ALSO_ALLOWED.contains(action))
                        .as("%s (statement %s) is not a read action", action, s.path("Sid"))
                        .isTrue();
            }
        }
    }

    private static void assertScopableActionsAreScoped(List<JsonNode> statements) {
        for (JsonNode s : statements) {
            boolean everyResource = asList(s.path("Resource")).contains("*");
            for (String action : asList(s.path("Action"))) {
                assertThat(everyResource && SCOPABLE.contains(action))
                        .as(
                                "%s supports resource-level permissions but statement %s grants it on \"*\"",
                                action, s.path("Sid"))
                        .isFalse();
            }
        }
    }

    /** IAM action → the collector methods calling it. */
    private static Map<String, Set<String>> operationsCalledByCollector() {
        JavaClasses collector = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tenantscope.collector");
        assertThat(collector)
                .as("no classes of dev.tenantscope.collector on the classpath: is the collector module built?")
                .isNotEmpty();
        Map<String, Set<String>> called = new TreeMap<>();
        for (JavaClass c : collector) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                String owner = call.getTargetOwner().getName();
                String method = call.getName();
                Matcher m = SERVICE_CLIENT.matcher(owner);
                if (!m.matches() || NOT_OPERATIONS.contains(method)) {
                    continue;
                }
                String prefix = IAM_PREFIX.get(m.group(1));
                assertThat(prefix)
                        .as(
                                "the collector calls %s.%s: map SDK package '%s' to its IAM prefix in this test",
                                owner, method, m.group(1))
                        .isNotNull();
                String action = prefix + ":" + operation(method);
                if (!NO_PERMISSION_NEEDED.contains(action)) {
                    called.computeIfAbsent(action, k -> new TreeSet<>())
                            .add(call.getOrigin().getFullName());
                }
            }
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String action = CALLING_PROVIDERS.get(d.getTargetClass().getName());
                if (action != null) {
                    called.computeIfAbsent(action, k -> new TreeSet<>()).add(c.getName());
                }
            });
        }
        return called;
    }

    /** {@code listAccountsPaginator} → {@code ListAccounts}; {@code getMetricData} → {@code GetMetricData}. */
    static String operation(String method) {
        String op = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
        return Character.toUpperCase(op.charAt(0)) + op.substring(1);
    }

    private static JsonNode tenantRole() {
        return role(tenantTemplate);
    }

    private static List<JsonNode> payerRoleStatements() {
        List<JsonNode> statements = new ArrayList<>();
        role(payerTemplate)
                .path("Properties")
                .path("Policies")
                .forEach(
                        p -> statements.addAll(elements(p.path("PolicyDocument").path("Statement"))));
        return statements;
    }

    private static JsonNode role(JsonNode template) {
        List<JsonNode> roles = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if ("AWS::IAM::Role".equals(r.path("Type").asText())) {
                roles.add(r);
            }
        });
        assertThat(roles).as("AWS::IAM::Role resources in the template").hasSize(1);
        return roles.get(0);
    }

    /** Statements of the role's inline policies and of any managed policy in the template. */
    private static List<JsonNode> tenantRoleStatements() {
        List<JsonNode> statements = new ArrayList<>();
        tenantRole()
                .path("Properties")
                .path("Policies")
                .forEach(
                        p -> statements.addAll(elements(p.path("PolicyDocument").path("Statement"))));
        tenantTemplate.path("Resources").forEach(r -> {
            if ("AWS::IAM::ManagedPolicy".equals(r.path("Type").asText())) {
                statements.addAll(
                        elements(r.path("Properties").path("PolicyDocument").path("Statement")));
            }
        });
        assertThat(statements)
                .as("policy statements in deploy/tenant-role.yaml")
                .isNotEmpty();
        return statements;
    }

    private static List<JsonNode> collectorPolicyStatements() {
        List<JsonNode> statements = elements(collectorPolicy.path("Statement"));
        assertThat(statements).as("statements in deploy/collector-policy.json").isNotEmpty();
        return statements;
    }

    private static Set<String> actions(List<JsonNode> statements) {
        Set<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(asList(s.path("Action"))));
        return actions;
    }

    /** A policy field that is a string or a list; a CloudFormation intrinsic ({@code Fn::Sub}) counts as scoped. */
    private static List<String> asList(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false)
                    .map(n -> n.isTextual() ? n.asText() : n.toString())
                    .toList();
        }
        return node.isMissingNode() ? List.of() : List.of(node.toString());
    }

    private static List<JsonNode> elements(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).toList() : List.of(node);
    }
}
