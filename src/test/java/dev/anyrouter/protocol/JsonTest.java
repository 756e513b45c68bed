package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String KEY = "sk-proj-PastedInTheWrongPlace0123456789";

    @Test
    void aParseErrorSaysWhereNeverWhat() {
        // Before: Jackson's own message was passed on, and it quotes the token it stopped at.
        for (String body : List.of("{\"model\": " + KEY + "}", "{\"model\":\"x\",\n  \"key\": " + KEY + "}",
                "{\"" + KEY + "\" 1}", "[" + KEY + "]", "{\"model\":\"x\"} " + KEY, "{\"a\":tru" + KEY + "}")) {
            assertThatThrownBy(() -> Json.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOf(MalformedJsonException.class)
                    .hasMessageStartingWith("the request body is not valid JSON at line ")
                    .hasMessageNotContainingAny(KEY, "sk-proj", "PastedInTheWrongPlace", "sk");
        }
    }

    @Test
    void thePositionIsTheLineColumnAndByteOfTheFault() {
        assertThatThrownBy(() -> Json.parse("{\"model\":\"x\",\n  \"key\": oops}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2, column 10").hasMessageContaining("(byte 23)");
        byte[] framed = "xxxx{\"a\": oops}yyyy".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.parse(framed, 4, framed.length - 8))
                .as("counted from the start of the parsed part").hasMessageContaining("(byte 6)");
    }

    @Test
    void bytesJacksonTakesForUtf32AreRefusedAsNotUtf8() {
        // Found by RequestDecodersFuzzTest: leading NUL bytes made Jackson read UTF-32 and throw an
        // IOException that reached the client as a 500.
        byte[] body = {'{', 0, 0, 0, '3', 'm', 'o', 'd', 'e', 'l', '"', ':', '1', '}'};
        assertThatThrownBy(() -> Json.parse(body)).isInstanceOf(MalformedJsonException.class).hasMessageContaining("UTF-8");
    }
}
