package dev.tenantscope.app.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 1 (dependencies point one way) and rule 2 (internals stay internal), checked on the main
 * classes of every module on the app's classpath. A module is the package segment after {@code dev.tenantscope}
 * ({@code model}, {@code collector}, {@code streams}, {@code queryapi}, {@code fleetsim}, {@code kafka}, …).
 *
 * <p>Rules about modules whose code has not landed yet pass on an empty set ({@code allowEmptyShould}).
 *
 * <p>Issue 10's catalogue rules: the sink, the exports and the schema test use the one table catalogue
 * ({@code dev.tenantscope.clickhouse.schema}), and no source repeats a table's column list by hand.
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

    /** Where the catalogue lives: {@code Tables}, {@code Table}, {@code Column}, {@code Projection}. */
    private static final String CATALOGUE = "dev.tenantscope.clickhouse.schema";

    /** The classes that build the sink's INSERT column lists and the exports' SELECT lists / CSV headers. */
    private static final List<String> COLUMN_LIST_BUILDERS = List.of(
            "dev.tenantscope.streams.internal.TableRows",
            "dev.tenantscope.streams.internal.SinkLoop",
            "dev.tenantscope.queryapi.internal.Exports");

    /**
     * Issue 10: the sink and the exports take their column lists from the one catalogue. Each named class must exist
     * (a rename has to update this list) and depend directly on the catalogue package; a class that builds its list
     * by hand again has no reason to.
     */
    @Test
    void sinkAndExportsTakeTheirColumnListsFromTheCatalogue() {
        for (String name : COLUMN_LIST_BUILDERS) {
            assertThat(main.contain(name))
                    .as("%s is on the app's classpath", name)
                    .isTrue();
        }
        classes()
                .that(DescribedPredicate.describe(
                        "build ClickHouse column lists (" + COLUMN_LIST_BUILDERS + ")",
                        (JavaClass c) -> COLUMN_LIST_BUILDERS.contains(c.getName())))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CATALOGUE + "..")
                .because("one table catalogue is used by the sink, the exports and the schema test (issue 10)")
                .check(main);
    }

    /** Any class that inserts into ClickHouse through {@code ClickHouseSql.insert(table, columns, …)}, now or later. */
    @Test
    void everyClickHouseInsertOutsideTheClickHouseModuleUsesTheCatalogue() {
        classes()
                .that(DescribedPredicate.describe(
                        "call ClickHouseSql.insert(table, columns, format, rows) outside dev.tenantscope.clickhouse",
                        (JavaClass c) -> !c.getPackageName().startsWith("dev.tenantscope.clickhouse")
                                && c.getMethodCallsFromSelf().stream()
                                        .anyMatch(call -> call.getName().equals("insert")
                                                && call.getTargetOwner().isAssignableTo(ClickHouseSql.class))))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CATALOGUE + "..")
                .because("an INSERT's column list is the catalogued table's, never a hand-written one")
                .check(main);
    }

    /**
     * The schema test ({@code TableCatalogueIT}, in clickhouse's test-jar) applies the migrations and compares them
     * with the catalogue: it must exist (an empty selection fails) and use {@code Tables} and {@code Migrations}.
     */
    @Test
    void schemaTestChecksTheMigrationsAgainstTheCatalogue() {
        JavaClasses schemaTests = new ClassFileImporter().importPackages(CATALOGUE);
        classes()
                .that()
                .haveFullyQualifiedName(CATALOGUE + ".TableCatalogueIT")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Tables.class)
                .andShould()
                .dependOnClassesThat()
                .belongToAnyOf(Migrations.class)
                .check(schemaTests);
    }

    /**
     * No column list copied by hand: ArchUnit cannot see string constants, so this reads the Java sources — every
     * module's {@code src/main/java} plus the schema test — and fails on any collection literal whose arguments are
     * three or more string literals all naming columns of one catalogued table (see {@link ColumnLiteralLists}; its
     * test shows what it finds). The catalogue package itself is the one place such lists belong. Out of reach:
     * column names inside SQL text (the ITs run that SQL), and other tests' expected values, which stay written out
     * on purpose as an independent check of the export contract.
     */
    @Test
    void noColumnListIsCopiedByHand() throws IOException {
        Path root = RepoRoot.find();
        Path catalogue = root.resolve("clickhouse/src/main/java/" + CATALOGUE.replace('.', '/'));
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(d -> Files.isDirectory(d.resolve("src/main/java")))
                    .toList()) {
                sources.addAll(javaFiles(module.resolve("src/main/java")));
            }
        }
        sources.addAll(javaFiles(root.resolve("clickhouse/src/test/java/" + CATALOGUE.replace('.', '/'))));
        sources.removeIf(p -> p.startsWith(catalogue));
        assertThat(sources)
                .as("sources scanned")
                .anyMatch(p -> p.endsWith("TableRows.java"))
                .anyMatch(p -> p.endsWith("Exports.java"))
                .anyMatch(p -> p.endsWith("TableCatalogueIT.java"));

        ColumnLiteralLists detector = new ColumnLiteralLists(Tables.all());
        List<String> copies = new ArrayList<>();
        for (Path source : sources) {
            detector.find(Files.readString(source)).forEach(f -> copies.add(root.relativize(source) + " " + f));
        }
        assertThat(copies)
                .as("column lists copied by hand: take them from dev.tenantscope.clickhouse.schema.Tables"
                        + " (a table's columnNames(), or a named Projection)")
                .isEmpty();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
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
