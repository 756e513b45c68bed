package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

    @ParameterizedTest(name = "{0} vs {1}:{2} -> {3}")
    @CsvSource({
        "api.openai.com,       api.openai.com,          -1,   true",
        "api.openai.com,       API.OpenAI.com,          -1,   true",
        "api.openai.com,       api.openai.com.,         -1,   true",
        "api.openai.com,       api.openai.com,          443,  true",
        "api.openai.com,       api.openai.com,          8443, false",
        "api.openai.com,       eu.api.openai.com,       -1,   false",
        "api.openai.com,       api.openai.com.evil.io,  -1,   false",
        "api.openai.com,       evilapi.openai.com,      -1,   false",
        "*.api.x.ai,           us-east-1.api.x.ai,      -1,   true",
        "*.api.x.ai,           a.b.api.x.ai,            -1,   true",
        "*.api.x.ai,           api.x.ai,                -1,   false",
        "*.api.x.ai,           evilapi.x.ai,            -1,   false",
        "llm.internal:8000,    llm.internal,            8000, true",
        "llm.internal:8000,    llm.internal,            -1,   false",
        "llm.internal:8000,    llm.internal,            8001, false",
    })
    void matchesTheHostAndOnlyItsPort(String pattern, String host, int port, boolean expected) {
        assertThat(HostPattern.parse(pattern).matches(host, port, 443)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.openai.com", "*.api.x.ai", "llm.internal:8000", "*.example.com:9000"})
    void printsAsWritten(String text) {
        assertThat(HostPattern.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "https://api.openai.com", "api.openai.com/v1", "user@api.openai.com", "[::1]",
            "api.openai.com:http", "api.openai.com:70000", "*.com", "*", "api_openai.com", "-api.com", "api..com"})
    void refusesWhatIsNotAHostName(String text) {
        assertThatThrownBy(() -> HostPattern.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
