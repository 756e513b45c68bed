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

        // "anyrouter.vault.v1" is 18 bytes; each field is a 4-byte length then its bytes.
        assertThat(encoded).hasSize(4 + 18 + 4 + 1 + 4 + 2 + 4 + 1 + 4 + 1);
        assertThat(new byte[] {encoded[0], encoded[1], encoded[2], encoded[3]}).containsExactly(0, 0, 0, 18);
    }
}
