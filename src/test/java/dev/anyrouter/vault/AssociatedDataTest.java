package dev.anyrouter.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssociatedDataTest {

    @Test
    void fieldBoundariesAreUnambiguous() {
        byte[] one = AssociatedData.credential(new CredentialBinding("ab", "c", "openai"));
        byte[] two = AssociatedData.credential(new CredentialBinding("a", "bc", "openai"));

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void theColumnLabelSeparatesCredentialFromDataKey() {
        CredentialBinding row = new CredentialBinding("acct", "row", "openai");

        assertThat(AssociatedData.credential(row)).isNotEqualTo(AssociatedData.dataKey(row));
    }

    @Test
    void encodingIsLengthPrefixedUtf8() {
        byte[] encoded = AssociatedData.encode("c", new CredentialBinding("é", "r", "p"));

        // "anyrouter.vault.v2" is 18 bytes; each field is a 4-byte length then its bytes; then the empty
        // base URL and the header count "0".
        assertThat(encoded).hasSize(4 + 18 + 4 + 1 + 4 + 2 + 4 + 1 + 4 + 1 + 4 + 4 + 1);
        assertThat(new byte[] {encoded[0], encoded[1], encoded[2], encoded[3]}).containsExactly(0, 0, 0, 18);
        assertThat(AssociatedData.legacy("c", new CredentialBinding("é", "r", "p"))).hasSize(4 + 18 + 4 + 1 + 4 + 2 + 4 + 1 + 4 + 1);
    }

    @Test
    void theDestinationIsBoundAndHeaderNamesAreCanonical() {
        CredentialBinding plain = new CredentialBinding("acct", "row", "openai");
        CredentialBinding moved = new CredentialBinding("acct", "row", "openai", "https://attacker.example/v1", java.util.Map.of());
        CredentialBinding blank = new CredentialBinding("acct", "row", "openai", " ", java.util.Map.of());
        var ordered = new java.util.LinkedHashMap<String, String>();
        ordered.put("OpenAI-Organization", "org-1");
        ordered.put("OpenAI-Project", "proj-1");
        var reversed = new java.util.LinkedHashMap<String, String>();
        reversed.put("openai-project", "proj-1");
        reversed.put("openai-organization", "org-1");
        CredentialBinding a = new CredentialBinding("acct", "row", "openai", null, ordered);
        CredentialBinding b = new CredentialBinding("acct", "row", "openai", null, reversed);
        CredentialBinding c = new CredentialBinding("acct", "row", "openai", null, java.util.Map.of("openai-project", "proj-2",
                "openai-organization", "org-1"));

        assertThat(AssociatedData.credential(plain)).isNotEqualTo(AssociatedData.credential(moved));
        assertThat(AssociatedData.credential(plain)).isEqualTo(AssociatedData.credential(blank));
        assertThat(AssociatedData.credential(a)).isEqualTo(AssociatedData.credential(b));
        assertThat(AssociatedData.credential(a)).isNotEqualTo(AssociatedData.credential(c));
        assertThat(AssociatedData.credential(a)).isNotEqualTo(AssociatedData.credential(plain));
        assertThat(a.toString()).doesNotContain("org-1").contains("openai-organization");
    }
}
