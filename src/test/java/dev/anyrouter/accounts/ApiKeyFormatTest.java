package dev.anyrouter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    @Test
    void generatedKeysArePrefixedBase62OfTheRightLengthAndWellFormed() throws Exception {
        SecureRandom r = seeded(1);
        for (int i = 0; i < 200; i++) {
            String key = ApiKeyFormat.generate(r);
            assertThat(key).startsWith("sk-ar-v1-").hasSize(47);
            assertThat(key.substring(9).chars().allMatch(ch -> BASE62.indexOf(ch) >= 0)).isTrue();
            assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
        }
    }

    @Test
    void generatedKeysDiffer() {
        SecureRandom r = new SecureRandom();
        assertThat(ApiKeyFormat.generate(r)).isNotEqualTo(ApiKeyFormat.generate(r));
    }

    @Test
    void checksumRejectsEveryOneCharacterChange() throws Exception {
        SecureRandom r = seeded(2);
        for (int k = 0; k < 5; k++) {
            String key = ApiKeyFormat.generate(r);
            for (int pos = 0; pos < key.length(); pos++) {
                for (char replacement : (BASE62 + "-_").toCharArray()) {
                    if (replacement == key.charAt(pos)) {
                        continue;
                    }
                    String changed = key.substring(0, pos) + replacement + key.substring(pos + 1);
                    assertThat(ApiKeyFormat.isWellFormed(changed)).as("%s", changed).isFalse();
                }
            }
        }
    }

    @Test
    void rejectsWrongShapes() {
        String key = ApiKeyFormat.generate(new SecureRandom());
        assertThat(ApiKeyFormat.isWellFormed(null)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(key + "a")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(key.substring(1))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(key.replace("sk-ar-v1-", "sk-ar-v2-"))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(" " + key.substring(1))).isFalse();
    }

    @Test
    void sha256HexMatchesTheStandardVector() {
        assertThat(ApiKeyFormat.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void displayPrefixIsTheFirst13CharactersAndAnEllipsis() {
        String key = ApiKeyFormat.generate(new SecureRandom());
        assertThat(ApiKeyFormat.displayPrefix(key)).isEqualTo(key.substring(0, 13) + "…");
        assertThat(ApiKeyFormat.displayPrefix(key)).startsWith("sk-ar-v1-").hasSize(14);
    }
}
