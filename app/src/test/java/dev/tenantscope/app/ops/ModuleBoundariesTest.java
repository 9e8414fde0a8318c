package dev.tenantscope.app.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 1 (dependencies point one way) and rule 2 (internals stay internal), checked on the main
 * classes of every module on the app's classpath. A module is the package segment after {@code dev.tenantscope}
 * ({@code model}, {@code collector}, {@code streams}, {@code queryapi}, {@code fleetsim}, {@code kafka}, …).
 *
 * <p>Rules about modules whose code has not landed yet pass on an empty set ({@code allowEmptyShould}).
 */
class ModuleBoundariesTest {
    private static final Pattern MODULE = Pattern.compile("^dev\\.tenantscope\\.([a-z0-9]+)(\\..*)?$");
    private static final Pattern INTERNAL =
            Pattern.compile("^dev\\.tenantscope\\.([a-z0-9]+)\\.(.*\\.)?internal(\\..*)?$");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tenantscope");
    }

    @Test
    void modelKnowsNothingOfAwsOrClickHouse() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon.awssdk..", "com.clickhouse..", "dev.tenantscope.clickhouse..")
                .because("model is the contract between modules; AWS and ClickHouse belong to collector and"
                        + " clickhouse (STYLE.md rule 1)")
                .check(main);
    }

    /**
     * STYLE.md rule 6 makes {@code Topic} carry Kafka {@code Serde}s: so model may use kafka-clients' serialization,
     * errors and topic config — and nothing else of Kafka: no producer, consumer or Streams, and no admin client
     * (topic provisioning lives in {@code kafka-admin}).
     */
    @Test
    void modelUsesKafkaOnlyForSerdes() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.model..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are Kafka classes outside serialization/errors/config",
                        (JavaClass c) -> c.getPackageName().startsWith("org.apache.kafka")
                                && !c.getPackageName().startsWith("org.apache.kafka.common.serialization")
                                && !c.getPackageName().startsWith("org.apache.kafka.common.errors")
                                && !c.getPackageName().startsWith("org.apache.kafka.common.config")
                                && !c.getPackageName().equals("org.apache.kafka.common")))
                .check(main);
    }

    @Test
    void modelHasNoKafkaAdmin() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.clients.admin..", "dev.tenantscope.kafkaadmin..")
                .because("topic provisioning moved to kafka-admin; model is the contract only")
                .check(main);
    }

    /** Every role depends on the configuration grammar, so it can depend on no role (nor on model). */
    @Test
    void configDependsOnNoOtherTenantscopeModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.config..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are tenantscope classes outside config",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.tenantscope.")
                                && !c.getPackageName().startsWith("dev.tenantscope.config")))
                .check(main);
    }

    @Test
    void configUsesOnlyTheJdkAndJackson() {
        classes()
                .that()
                .resideInAPackage("dev.tenantscope.config..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.tenantscope.config..", "java..", "com.fasterxml.jackson..")
                .check(main);
    }

    @Test
    void collectorNeverImportsStreams() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.collector..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tenantscope.streams..")
                .because("collector and streams meet only at topics defined in model")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void streamsNeverImportsCollector() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.streams..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tenantscope.collector..")
                .because("collector and streams meet only at topics defined in model")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void queryApiNeverImportsCollectorOrStreams() {
        noClasses()
                .that()
                .resideInAPackage("dev.tenantscope.queryapi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.tenantscope.collector..", "dev.tenantscope.streams..")
                .because("query-api reads ClickHouse; it depends on model and clickhouse only")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        classes()
                .that()
                .resideInAPackage("dev.tenantscope..")
                .should(notDependOnAnotherModulesInternals())
                .check(main);
    }

    private static ArchCondition<JavaClass> notDependOnAnotherModulesInternals() {
        return new ArchCondition<>("not depend on another module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> own = module(origin.getPackageName());
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    Matcher m = INTERNAL.matcher(d.getTargetClass().getPackageName());
                    if (m.matches() && !own.equals(Optional.of(m.group(1)))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private static Optional<String> module(String packageName) {
        Matcher m = MODULE.matcher(packageName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
