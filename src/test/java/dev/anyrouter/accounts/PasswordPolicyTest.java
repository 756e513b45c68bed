package dev.anyrouter.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = PasswordPolicy.standard();

    @Test
    void theShippedListHoldsTheFewThousandCommonPasswords() {
        assertThat(POLICY.size()).isBetween(3_000, 4_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "elevenchars", "Tr0ub4dor&3"})
    void fewerThanTwelveCharactersAreRefusedWithAdvice(String password) {
        assertThat(POLICY.problem(password.toCharArray())).hasValueSatisfying(advice ->
                assertThat(advice).contains("at least 12 characters").contains("passphrase"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "Password2024!", "!!qwerty123456", "123456iloveyou", "winniethepooh",
            "qwertyqwerty", "monkeymonkey", "aaaaaaaaaaaa", "abcabcabcabc", "121212121212", "123456789012", "987654321098",
            "1234567890123456"})
    void commonPasswordsAndTheirObviousVariantsAreRefused(String password) {
        assertThat(POLICY.problem(password.toCharArray())).hasValueSatisfying(advice ->
                assertThat(advice).contains("most common"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "a long passphrase", "839204718362", "a1b2c3d4e5f6",
            "Ωmega-kitten-9-rivers", "tangerine lamp oddly"})
    void longUncommonPasswordsAndPassphrasesAreAccepted(String password) {
        assertThat(POLICY.problem(password.toCharArray())).isEmpty();
    }

    @Test
    void charactersAreCountedAsCodePointsAndTheLengthIsCapped() {
        assertThat(POLICY.problem("🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑".toCharArray())).as("11 emoji").isPresent();
        assertThat(POLICY.problem("x".repeat(1_025).toCharArray())).hasValueSatisfying(a -> assertThat(a).contains("at most 1024"));
    }
}
