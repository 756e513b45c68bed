package dev.anyrouter.vault;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void masksEveryKnownKeyShape() {
        String[] keys = {"sk-proj-abcDEF123456ghiJKL789", "sk-ant-api03-AbCdEf0123456789", "gsk_0123456789abcdefABCDEF",
                "nvapi-abcdef0123456789", "xai-AbC0123456789xyz", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU",
                "sk-ar-v1-5hJk2LmN8pQr4StUvWx6YzAb1Cd3Ef7Gh9", "sk-mock-canary-0123abcd4567ef89"};
        for (String key : keys) {
            String line = "upstream said: Incorrect API key provided: " + key + ". Check it.";
            assertThat(Redaction.redact(line)).as(key).doesNotContain(key).contains(Redaction.MARK);
        }
    }

    @Test
    void masksLongUnknownTokensButKeepsUuidsAndWords() {
        String uuid = "0b9f5c1e-8f2a-4d3b-9c1e-123456789abc";
        String token = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6";
        String line = "request " + uuid + " with token " + token + " at dev.anyrouter.inference.ChatCompletionsHandler";
        String redacted = Redaction.redact(line);
        assertThat(redacted).contains(uuid).doesNotContain(token).contains("ChatCompletionsHandler");
    }
}
