package dev.anyrouter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.routing.FailureClassifier;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.providers.exchange.OffTheShape;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the request path (issue 16), checked over the compiled classes: one place settles
 * (prices, settles or releases the held credit, writes the usage record), one judge of an
 * attempt's outcome writes key health, one exchange calls an upstream and decides whether an
 * attempt is translated, and the steps pass immutable values. Each rule is also run against
 * {@link OffTheShape}, a test class that breaks it, so none of them can pass by matching nothing.
 */
class RequestPathShapeTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.anyrouter");
    private static final JavaClasses OFF_THE_SHAPE = new ClassFileImporter().importClasses(OffTheShape.class);

    // Package-private classes, named: everyNamedClassExists makes sure each name still is one.
    private static final String SETTLE = "dev.anyrouter.inference.Settle";
    private static final String LEDGER_WRITES = "dev.anyrouter.inference.LedgerWrites";
    private static final String CREDIT_LEDGER = "dev.anyrouter.inference.CreditLedger";
    private static final String INFERENCE_API = "dev.anyrouter.inference.InferenceApi";
    private static final String FAILOVER = "dev.anyrouter.routing.Failover";
    private static final String UPSTREAM_EXCHANGE = "dev.anyrouter.providers.exchange.UpstreamExchange";
    private static final String WIRE_EXCHANGE = "dev.anyrouter.providers.exchange.WireExchange";
    private static final String KEY_VALIDATOR = "dev.anyrouter.providers.KeyValidator";
    /** The clouds' part of a key's live check, and the endpoint their access tokens are minted at: neither is an attempt. */
    private static final String CLOUD_VALIDATION = "dev.anyrouter.providers.CloudValidation";
    private static final String TOKEN_ENDPOINT = "dev.anyrouter.providers.UpstreamTokenEndpoint";
    private static final String[] STEP_VALUES = {"dev.anyrouter.inference.InferenceRequest", "dev.anyrouter.inference.Ended",
            "dev.anyrouter.providers.exchange.Outcome$Served", "dev.anyrouter.providers.exchange.Outcome$NotServed"};

    /** A call, method reference or field access on the members named {@code names} of {@code owner} (or a subtype). */
    private static DescribedPredicate<JavaAccess<?>> accessTo(String owner, String... names) {
        Set<String> named = Set.of(names);
        return DescribedPredicate.describe(owner.substring(owner.lastIndexOf('.') + 1) + "." + String.join("/", names),
                access -> access.getTargetOwner().isAssignableTo(owner) && named.contains(access.getName()));
    }

    /** Settling or releasing held credit: the ledger's writes of a request's end. */
    static final ArchRule ONLY_SETTLE_SETTLES_OR_RELEASES = noClasses()
            .that().resideOutsideOfPackage("dev.anyrouter.billing..")
            // LedgerWrites is the ledger behind Settle's CreditLedger: the writes on a virtual thread, retried
            .and().doNotHaveFullyQualifiedName(LEDGER_WRITES)
            .should().accessTargetWhere(accessTo(Ledger.class.getName(), "settle", "release"))
            .because("Settle alone settles or releases a request's held credit, exactly once");

    static final ArchRule ONLY_SETTLE_TALKS_TO_THE_CREDIT_LEDGER = noClasses()
            .that().doNotHaveFullyQualifiedName(SETTLE).and().doNotHaveFullyQualifiedName(LEDGER_WRITES)
            .should().accessTargetWhere(DescribedPredicate.describe("CreditLedger.settle/release", access ->
                    access.getTargetOwner().getFullName().equals("dev.anyrouter.inference.CreditLedger")
                            && Set.of("settle", "release").contains(access.getName())))
            .because("Settle alone settles or releases a request's held credit, exactly once");

    static final ArchRule ONLY_SETTLE_MAKES_A_USAGE_RECORD = noClasses()
            .that().resideOutsideOfPackage("dev.anyrouter.usage..").and().doNotHaveFullyQualifiedName(SETTLE)
            .should().accessTargetWhere(accessTo(UsageRecord.class.getName(), "<init>"))
            .because("Settle writes the one usage record of a request");

    static final ArchRule ONLY_THE_PIPELINE_FEEDS_THE_USAGE_LOG = noClasses()
            .that().resideOutsideOfPackages("dev.anyrouter.usage..", "dev.anyrouter.app..")
            .and().doNotHaveFullyQualifiedName(INFERENCE_API)
            .should().accessTargetWhere(accessTo(UsageWriter.class.getName(), "record"))
            .because("InferenceApi hands the usage log to Settle, and nothing else writes to it");

    static final ArchRule ONLY_FAILOVER_WRITES_KEY_HEALTH = noClasses()
            .that().doNotHaveFullyQualifiedName(FAILOVER)
            .and().doNotHaveFullyQualifiedName(KeyHealth.class.getName())
            .should().accessTargetWhere(accessTo(KeyHealth.class.getName(), "onSuccess", "onFailure"))
            .because("routing.Failover is the only judge of an attempt's outcome and the only writer of key health");

    static final ArchRule ONLY_FAILOVER_CLASSIFIES = noClasses()
            .that().doNotHaveFullyQualifiedName(FAILOVER)
            .and().doNotHaveFullyQualifiedName(FailureClassifier.class.getName())
            .should().accessClassesThat().belongToAnyOf(FailureClassifier.class)
            .because("routing.Failover is the only judge of an attempt's outcome");

    static final ArchRule THE_EXCHANGE_NEVER_BILLS = noClasses()
            .that().resideInAPackage("dev.anyrouter.providers..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.anyrouter.billing..", "dev.anyrouter.usage..",
                    "dev.anyrouter.accounts..")
            .because("an attempt's exchange returns an Outcome and never touches billing, usage or accounts");

    static final ArchRule ONE_UPSTREAM_CALL_SITE = noClasses()
            .that().doNotHaveFullyQualifiedName(UPSTREAM_EXCHANGE).and().doNotHaveFullyQualifiedName(KEY_VALIDATOR)
            .and().doNotHaveFullyQualifiedName(CLOUD_VALIDATION).and().doNotHaveFullyQualifiedName(TOKEN_ENDPOINT)
            .and().doNotHaveFullyQualifiedName(UpstreamClient.class.getName())
            .should().accessTargetWhere(accessTo(UpstreamClient.class.getName(), "send"))
            .because("an attempt is sent by UpstreamExchange alone (a key's live check by KeyValidator and CloudValidation, a cloud token by UpstreamTokenEndpoint)");

    static final ArchRule TRANSLATION_DECIDED_ONCE = noClasses()
            .that().doNotHaveFullyQualifiedName(UPSTREAM_EXCHANGE).and().doNotImplement(WIRE_EXCHANGE)
            .and().doNotHaveFullyQualifiedName(WIRE_EXCHANGE)
            .should().accessTargetWhere(accessTo(WIRE_EXCHANGE, "passesThrough"))
            .because("whether an attempt is translated is decided in one place, UpstreamExchange, from its wire's exchange");

    static final ArchRule STEPS_PASS_RECORDS = classes()
            .that(DescribedPredicate.describe("are the values the steps pass", c -> Set.of(STEP_VALUES).contains(c.getName())))
            .should().beRecords()
            .because("the per-request state passed between the pipeline's steps is an immutable value, not a mutable bag");

    private static final ArchRule[] ON_MAIN = {ONLY_SETTLE_SETTLES_OR_RELEASES, ONLY_SETTLE_TALKS_TO_THE_CREDIT_LEDGER,
            ONLY_SETTLE_MAKES_A_USAGE_RECORD, ONLY_THE_PIPELINE_FEEDS_THE_USAGE_LOG, ONLY_FAILOVER_WRITES_KEY_HEALTH,
            ONLY_FAILOVER_CLASSIFIES, THE_EXCHANGE_NEVER_BILLS, ONE_UPSTREAM_CALL_SITE, TRANSLATION_DECIDED_ONCE,
            STEPS_PASS_RECORDS};

    @Test
    void theRequestPathHasItsShape() {
        for (ArchRule rule : ON_MAIN) {
            assertThatCode(() -> rule.check(MAIN)).as(rule.getDescription()).doesNotThrowAnyException();
        }
    }

    @Test
    void everyNamedClassExists() {
        for (String name : new String[] {SETTLE, LEDGER_WRITES, CREDIT_LEDGER, INFERENCE_API, FAILOVER, UPSTREAM_EXCHANGE,
                WIRE_EXCHANGE, KEY_VALIDATOR, CLOUD_VALIDATION, TOKEN_ENDPOINT}) {
            assertThat(MAIN.contain(name)).as(name).isTrue();
        }
        for (String name : STEP_VALUES) assertThat(MAIN.contain(name)).as(name).isTrue();
    }

    @Test
    void eachRuleCatchesAClassThatBreaksIt() {
        // OffTheShape's methods are never run; it sits in providers.exchange to reach package-private
        // WireExchange, so it breaks THE_EXCHANGE_NEVER_BILLS too. STEPS_PASS_RECORDS names its classes
        // (everyNamedClassExists), and CreditLedger is package-private to inference.
        for (ArchRule rule : new ArchRule[] {ONLY_SETTLE_SETTLES_OR_RELEASES, ONLY_SETTLE_MAKES_A_USAGE_RECORD, THE_EXCHANGE_NEVER_BILLS,
                ONLY_THE_PIPELINE_FEEDS_THE_USAGE_LOG, ONLY_FAILOVER_WRITES_KEY_HEALTH, ONLY_FAILOVER_CLASSIFIES,
                ONE_UPSTREAM_CALL_SITE, TRANSLATION_DECIDED_ONCE}) {
            assertThatThrownBy(() -> rule.check(OFF_THE_SHAPE)).as(rule.getDescription()).isInstanceOf(AssertionError.class);
        }
    }
}
