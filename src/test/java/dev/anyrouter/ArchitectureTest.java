package dev.anyrouter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.anyrouter.providers.UpstreamClient;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the README's Architecture section, checked over the compiled classes:
 * {@code app} → {@code http}/{@code web} → {@code inference}/{@code byok} → {@code routing} →
 * {@code providers} → {@code protocol}, arrows pointing one way (a layer may use any layer below
 * it, never one above or beside it); the leaves ({@code keys}, {@code usage}, {@code billing},
 * {@code vault}, {@code accounts}, {@code store}, {@code config}, {@code mail}) use nothing of the request path
 * but {@code protocol}'s JSON; {@code mock} shares nothing with anything; only {@code providers}
 * (the exchange, key validation) calls an upstream.
 */
class ArchitectureTest {
    private static final String[] LEAVES = {"dev.anyrouter.keys..", "dev.anyrouter.usage..", "dev.anyrouter.billing..",
            "dev.anyrouter.vault..", "dev.anyrouter.accounts..", "dev.anyrouter.store..", "dev.anyrouter.config..",
            "dev.anyrouter.mail..", "dev.anyrouter.cluster.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.anyrouter");

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.anyrouter..")
                .layer("entry").definedBy("dev.anyrouter", "dev.anyrouter.cli..", "dev.anyrouter.app..")
                .layer("http").definedBy("dev.anyrouter.http..")
                .layer("web").definedBy("dev.anyrouter.web..")
                .layer("inference").definedBy("dev.anyrouter.inference..")
                .layer("byok").definedBy("dev.anyrouter.byok..")
                .layer("routing").definedBy("dev.anyrouter.routing..")
                .layer("providers").definedBy("dev.anyrouter.providers..")
                .layer("protocol").definedBy("dev.anyrouter.protocol..")
                .layer("leaves").definedBy(LEAVES)
                .layer("mock").definedBy("dev.anyrouter.mock..")
                .whereLayer("entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("http").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("web").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("inference").mayOnlyBeAccessedByLayers("entry", "http")
                .whereLayer("byok").mayOnlyBeAccessedByLayers("entry", "http", "web")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("entry", "http", "web", "inference", "byok")
                .whereLayer("providers").mayOnlyBeAccessedByLayers("entry", "http", "web", "inference", "byok", "routing")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("entry", "http", "web", "inference", "byok", "routing",
                        "providers", "leaves")
                .whereLayer("leaves").mayOnlyBeAccessedByLayers("entry", "http", "web", "inference", "byok", "routing",
                        "providers", "leaves")
                .whereLayer("mock").mayOnlyBeAccessedByLayers("entry")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.anyrouter.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void mockSharesNothing() {
        noClasses().that().resideInAPackage("dev.anyrouter.mock..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.anyrouter.protocol..", "dev.anyrouter.providers..",
                        "dev.anyrouter.routing..", "dev.anyrouter.inference..", "dev.anyrouter.http..")
                .check(MAIN);
    }

    @Test
    void onlyTheExchangeCallsUpstreams() {
        noClasses().that().resideOutsideOfPackages("dev.anyrouter.providers..", "dev.anyrouter.app..")
                .should().dependOnClassesThat().areAssignableTo(UpstreamClient.class)
                .check(MAIN);
    }
}
