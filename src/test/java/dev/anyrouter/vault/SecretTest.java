package dev.anyrouter.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringIsRedactedAndRevealReturnsTheValue() {
        Secret secret = Secret.of("gsk_plaintextValue123456");

        assertThat(secret.toString()).isEqualTo("Secret[redacted]");
        assertThat(String.valueOf(secret)).doesNotContain("plaintext");
        assertThat(secret.reveal()).isEqualTo("gsk_plaintextValue123456");
    }

    @Test
    void equalityIsByIdentityNotByValue() {
        assertThat(Secret.of("same-value")).isNotEqualTo(Secret.of("same-value"));
    }

    @Test
    void rejectsEmptyAndNullWithoutEchoingAnything() {
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
