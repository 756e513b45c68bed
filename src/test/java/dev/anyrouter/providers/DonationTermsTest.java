package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.providers.DonationTerms.Permission;
import dev.anyrouter.providers.ProviderCatalog.InvalidCatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eligibility for the donation pool is catalog data with a source; an eligible row without one never loads. */
class DonationTermsTest {
    static final ProviderCatalog PROVIDERS = ProviderCatalog.loadDefault();

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path path = dir.resolve("operator-catalog.yaml");
        Files.writeString(path, yaml);
        return path;
    }

    @Test
    void outOfTheBoxNoProviderIsEligibleAndEveryDecisionNamesItsSource() {
        DonationTerms terms = DonationTerms.loadDefault(PROVIDERS);
        assertThat(terms.all()).hasSize(PROVIDERS.all().size());
        assertThat(terms.all()).noneMatch(DonationTerms.Terms::eligible);
        DonationTerms.Terms openai = terms.terms("openai");
        assertThat(openai.permitted()).isEqualTo(Permission.PROHIBITED);
        assertThat(openai.source()).hasScheme("https");
        assertThat(openai.checked()).isNotNull();
        assertThat(openai.decidedBy()).isEqualTo("catalog");
        // Silent terms (a provider named nowhere) are unknown, and unknown is not eligible.
        DonationTerms.Terms groq = terms.terms("groq");
        assertThat(groq.permitted()).isEqualTo(Permission.UNKNOWN);
        assertThat(groq.decidedBy()).isEqualTo("none");
        assertThat(terms.eligible("groq")).isFalse();
        for (DonationTerms.Terms t : terms.all()) {
            if (t.permitted() != Permission.UNKNOWN) assertThat(t.source()).as(t.provider()).isNotNull();
        }
    }

    @Test
    void theOperatorMarksAProviderEligibleWithItsSource() throws IOException {
        Path path = file("""
                providers:
                  - id: groq
                    donation: {permitted: true, source: "https://example.com/agreement-with-groq", checked: 2026-12-08}
                  - id: openai
                    donation: {permitted: true, source: "https://example.com/openai-permission", checked: 2026-12-01, note: "written permission"}
                """);
        DonationTerms terms = DonationTerms.load(PROVIDERS, path);
        assertThat(terms.eligible("groq")).isTrue();
        assertThat(terms.terms("groq").decidedBy()).isEqualTo("operator");
        assertThat(terms.terms("openai").eligible()).isTrue(); // the operator's row overrides the catalog's
        assertThat(terms.terms("openai").note()).isEqualTo("written permission");
        assertThat(terms.eligible("anthropic")).isFalse();
        // The same file still loads as a model catalog (it names no models): the operator's file holds both.
        assertThat(ModelCatalog.load(PROVIDERS, path).all()).hasSameSizeAs(ModelCatalog.loadDefault(PROVIDERS).all());
    }

    @Test
    void anEligibleRowWithoutASourceOrDateStopsTheLoad() throws IOException {
        Path noSource = file("""
                providers:
                  - id: groq
                    donation: {permitted: true, checked: 2026-12-08}
                """);
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, noSource))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("providers[0] (groq)")
                .hasMessageContaining("without a source");
        Path noDate = file("""
                providers:
                  - id: groq
                    donation: {permitted: true, source: "https://example.com/a"}
                """);
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, noDate))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("donation.checked");
        Path httpSource = file("""
                providers:
                  - id: groq
                    donation: {permitted: true, source: "http://example.com/a", checked: 2026-12-08}
                """);
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, httpSource))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining("https URL");
    }

    @Test
    void aMistakeInTheOperatorsRowsNamesTheRowAndField() throws IOException {
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, file("""
                providers:
                  - id: nosuch
                    donation: {permitted: false}
                """))).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("not in the provider catalog");
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, file("""
                providers:
                  - id: groq
                    donation: {permitted: maybe}
                """))).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("true, false or unknown");
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, file("""
                providers:
                  - id: groq
                    donation: {permitted: false, sorce: "https://example.com"}
                """))).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("unknown field 'donation.sorce'");
        assertThatThrownBy(() -> DonationTerms.load(PROVIDERS, file("""
                providers:
                  - id: groq
                    donation: {permitted: false}
                  - id: groq
                    donation: {permitted: unknown}
                """))).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("listed twice");
    }

    @Test
    void aModelCatalogFileWithoutProvidersLeavesTheBuiltInDecisions() throws IOException {
        Path path = file("models: []\n");
        assertThat(DonationTerms.load(PROVIDERS, path).terms("openai").permitted()).isEqualTo(Permission.PROHIBITED);
    }
}
