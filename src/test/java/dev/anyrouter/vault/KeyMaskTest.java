package dev.anyrouter.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyMaskTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "sk-abcdefghijklmnopqrstuvwxyz3f9a        | sk-…3f9a",
        "sk-proj-abcdefghijklmnopqrstuvwxyz3f9a   | sk-proj-…3f9a",
        "sk-ant-api03-abcdefghijklmnopqrstuv12ab  | sk-ant-…12ab",
        "sk-or-v1-0123456789abcdef0123456789abcd  | sk-or-…abcd",
        "gsk_abcdefghijklmnopqrstuvwxyzWXYZ       | gsk_…WXYZ",
        "nvapi-abcdefghijklmnopqrstuvwxyz-_9z     | nvapi-…-_9z",
        "AIzaSyA0123456789abcdefghijklmnopqrs     | AIza…pqrs",
        "xai-abcdefghijklmnopqrstuvwxyz0000       | xai-…0000",
        "0123456789abcdef.ZYXWVUTSRQPONMLK        | …NMLK",
        "abc-0123456789abcdefghijklm              | …jklm",
        "sk-shortkey1                             | …key1",
        "sk-shortke1                              | …e1",
        "short                                    | …rt",
        "a                                        | …a",
        "sk-0123456789a                           | …789a",
    })
    void masksKnownShapes(String key, String expected) {
        assertThat(KeyMask.mask(key)).isEqualTo(expected);
    }

    @Test
    void ignoresSurroundingWhitespaceOfAPastedKey() {
        assertThat(KeyMask.mask("  gsk_abcdefghijklmnopqrstuvwxyzWXYZ\n")).isEqualTo("gsk_…WXYZ");
    }

    @Test
    void neverShowsMoreThanFourTrailingCharactersNorAnUnknownHead() {
        Random random = new Random(42L);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
        for (int i = 0; i < 500; i++) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(80);
            for (int j = 0; j < length; j++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String mask = KeyMask.mask(key.toString());
            String head = mask.substring(0, mask.indexOf('…'));
            String tail = mask.substring(mask.indexOf('…') + 1);

            assertThat(tail.length()).isLessThanOrEqualTo(length < 12 ? 2 : 4);
            assertThat(key.toString()).endsWith(tail);
            assertThat(head).isIn("", "sk-", "sk-proj-", "sk-ant-", "sk-or-", "gsk_", "nvapi-", "AIza", "xai-",
                    "csk-", "fw_", "pplx-", "tgp_v1_");
            assertThat(head.length() + tail.length()).isLessThanOrEqualTo(Math.max(2, length - 12 + 4));
        }
    }
}
