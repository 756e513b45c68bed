package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostedToolsTest {

    private static List<String> tools(String... types) {
        return List.of(types);
    }

    @Test
    void toolsTheClientRunsAreAllowedEverywhere() {
        HostedTools.Verdict verdict = HostedTools.judge(tools("function", "custom", "namespace"), Set.of());
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.dropped()).isEmpty();
    }

    @Test
    void hostedToolsAreRefusedByNameOncePerType() {
        HostedTools.Verdict verdict = HostedTools.judge(
                tools("function", "web_search", "file_search", "web_search", "some_future_tool"), Set.of());
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.refused()).containsExactly("web_search", "file_search", "some_future_tool");
    }

    @Test
    void optionalHostedToolsAreDroppedAndReportedNotRefused() {
        HostedTools.Verdict verdict = HostedTools.judge(tools("function", "web_search", "image_generation"),
                HostedTools.optionalTypes(" Web_Search ,image_generation,"));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.dropped()).containsExactly("web_search", "image_generation");
    }

    @Test
    void optionalTypesHeaderMayBeAbsent() {
        assertThat(HostedTools.optionalTypes(null)).isEmpty();
        assertThat(HostedTools.optionalTypes("  ")).isEmpty();
    }
}
