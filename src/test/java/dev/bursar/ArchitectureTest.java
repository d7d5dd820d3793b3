package dev.bursar;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Repository;

/** The layer rules: dependencies point api -> service -> repository, never back. */
@AnalyzeClasses(
        packages = "dev.bursar",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.WrittenByHand.class})
class ArchitectureTest {

    /** Leaves out what Spring AOT generates at build time ({@code Foo__BeanDefinitions}, CGLIB proxies). */
    static class WrittenByHand implements ImportOption {

        @Override
        public boolean includes(Location location) {
            return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
        }
    }

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cmd")
            .definedBy("dev.bursar.cmd..")
            .layer("api")
            .definedBy("dev.bursar.internal.api..")
            .layer("middleware")
            .definedBy("dev.bursar.internal.middleware..")
            .layer("service")
            .definedBy("dev.bursar.internal.service..")
            .layer("repository")
            .definedBy("dev.bursar.internal.repository..")
            .layer("domain")
            .definedBy("dev.bursar.internal.domain..")
            .layer("config")
            .definedBy("dev.bursar.internal.config..")
            .layer("deadline")
            .definedBy("dev.bursar.internal.deadline..")
            .whereLayer("cmd")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("api")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("middleware")
            .mayOnlyBeAccessedByLayers("api")
            .whereLayer("service")
            .mayOnlyBeAccessedByLayers("api", "middleware")
            .whereLayer("repository")
            .mayOnlyBeAccessedByLayers("service")
            .whereLayer("domain")
            .mayOnlyBeAccessedByLayers("api", "middleware", "service", "repository")
            .whereLayer("config")
            .mayOnlyBeAccessedByLayers("api", "middleware", "service", "repository")
            .whereLayer("deadline")
            .mayOnlyBeAccessedByLayers("api", "middleware", "service", "repository", "config");

    @ArchTest
    static final ArchRule noCycles =
            slices().matching("dev.bursar.internal.(*)..").should().beFreeOfCycles();

    /** Spring Data's mapping annotations ({@code @Table}, {@code @Id}) are metadata only: the aggregates carry them. */
    private static final DescribedPredicate<JavaClass> MAPPING_ANNOTATIONS = resideInAnyPackage(
            "org.springframework.data.annotation..", "org.springframework.data.relational.core.mapping..");

    @ArchTest
    static final ArchRule domainIsFreeOfFrameworks = noClasses()
            .that()
            .resideInAPackage("dev.bursar.internal.domain..")
            .should()
            .dependOnClassesThat(
                    resideInAnyPackage("org.springframework..", "jakarta.servlet..", "tools.jackson.databind..")
                            .and(not(MAPPING_ANNOTATIONS)));

    /** HTTP stays at the edge: the business core speaks in domain types, whatever the transport. */
    @ArchTest
    static final ArchRule noHttpTypesInTheCore = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.bursar.internal.domain..", "dev.bursar.internal.service..", "dev.bursar.internal.repository..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.web..",
                    "org.springframework.http..",
                    "org.springframework.security.web..",
                    "jakarta.servlet..",
                    "io.swagger..",
                    "org.springdoc..");

    /** A repository (Spring's stereotype or a Spring Data interface) is found in one package only. */
    @ArchTest
    static final ArchRule repositoriesLiveInRepository = classes()
            .that()
            .areAnnotatedWith(Repository.class)
            .or()
            .areAssignableTo(org.springframework.data.repository.Repository.class)
            .should()
            .resideInAPackage("dev.bursar.internal.repository..");

    /** The database is reached through repositories only: no JDBC, no DataSource, no Spring Data elsewhere. */
    @ArchTest
    static final ArchRule onlyRepositoriesTouchTheDatabase = noClasses()
            .that()
            .resideOutsideOfPackage("dev.bursar.internal.repository..")
            .should()
            .dependOnClassesThat(resideInAnyPackage(
                            "org.springframework.jdbc..", "org.springframework.data..", "java.sql..", "javax.sql..")
                    .and(not(MAPPING_ANNOTATIONS)));
}
