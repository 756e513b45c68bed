package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.anyrouter.billing.CreditsRules.Api;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each field refused on credits, named in the refusal, and the look-alikes that are not refused. */
class CreditsRulesTest {
    final CreditsRules rules = new CreditsRules(Surcharges.loadDefault());

    static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    Optional<CreditsRules.Refusal> check(Api api, String model, String body, String... betas) {
        return rules.refusal(api, model, json(body), List.of(betas));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "RESPONSES        | background           | {\"model\":\"m\",\"input\":\"hi\",\"background\":true}",
            "RESPONSES        | store                | {\"model\":\"m\",\"input\":\"hi\",\"store\":true}",
            "RESPONSES        | previous_response_id | {\"model\":\"m\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}",
            "RESPONSES        | conversation         | {\"model\":\"m\",\"input\":\"hi\",\"conversation\":\"conv_1\"}",
            "RESPONSES        | prompt               | {\"model\":\"m\",\"prompt\":{\"id\":\"pmpt_1\",\"version\":\"2\"}}",
            "RESPONSES        | tools[1].type        | {\"model\":\"m\",\"tools\":[{\"type\":\"web_search\"},{\"type\":\"file_search\",\"vector_store_ids\":[\"vs_1\"]}]}",
            "RESPONSES        | tools[0].type        | {\"model\":\"m\",\"tools\":[{\"type\":\"code_interpreter\",\"container\":{\"type\":\"auto\"}}]}",
            "RESPONSES        | tools[0].type        | {\"model\":\"m\",\"tools\":[{\"type\":\"image_generation\"}]}",
            "RESPONSES        | tools[0].type        | {\"model\":\"m\",\"tools\":[{\"type\":\"mcp\",\"server_url\":\"https://x\"}]}",
            "RESPONSES        | tools[0].type        | {\"model\":\"m\",\"tools\":[{\"type\":\"a_tool_nobody_priced\"}]}",
            "RESPONSES        | service_tier         | {\"model\":\"m\",\"service_tier\":\"scale\"}",
            "CHAT_COMPLETIONS | store                | {\"model\":\"m\",\"messages\":[],\"store\":true}",
            "CHAT_COMPLETIONS | audio                | {\"model\":\"m\",\"messages\":[],\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}}",
            "CHAT_COMPLETIONS | modalities           | {\"model\":\"m\",\"messages\":[],\"modalities\":[\"text\",\"audio\"]}",
            "CHAT_COMPLETIONS | web_search_options   | {\"model\":\"m\",\"messages\":[],\"web_search_options\":{}}",
    })
    void openAiFieldsThatWouldKeepStateUpstreamOrBuyUnpricedExtrasAreRefusedByName(Api api, String param, String body) {
        assertThat(check(api, "openai/gpt-5.4", body)).hasValueSatisfying(r -> {
            assertThat(r.param()).isEqualTo(param);
            assertThat(r.message()).contains(param.startsWith("tools[") ? "(" + param + ")" : "'" + param + "'")
                    .contains("credits").containsAnyOf("your own", "leave it out", "send");
        });
    }

    @Test
    void anthropicContainersMcpServersUnpricedServerToolsAndUnknownBetasAreRefusedByName() {
        String base = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", base + ",\"container\":\"container_1\"}"))
                .map(CreditsRules.Refusal::param).contains("container");
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", base + ",\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://x\"}]}"))
                .map(CreditsRules.Refusal::param).contains("mcp_servers");
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", base
                + ",\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{}},{\"type\":\"code_execution_20250825\",\"name\":\"code_execution\"}]}"))
                .hasValueSatisfying(r -> {
                    assertThat(r.param()).isEqualTo("tools[1].type");
                    assertThat(r.message()).contains("code_execution_20250825", "container hour");
                });
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", base + "}", "claude-code-20250219", "files-api-2025-04-14"))
                .hasValueSatisfying(r -> {
                    assertThat(r.param()).isEqualTo("anthropic-beta");
                    assertThat(r.message()).contains("'files-api-2025-04-14'");
                });
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", base + ",\"service_tier\":\"priority\"}"))
                .map(CreditsRules.Refusal::param).contains("service_tier");
    }

    @Test
    void whatCostsOnlyTokensOrIsPricedPasses() {
        assertThat(check(Api.RESPONSES, "openai/gpt-5.4", "{\"model\":\"m\",\"input\":\"hi\",\"store\":false,\"background\":false,"
                + "\"previous_response_id\":null,\"service_tier\":\"priority\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"},"
                + "{\"type\":\"web_search\"},{\"type\":\"web_search_preview\"},{\"type\":\"custom\",\"name\":\"c\"},{\"type\":\"shell\"}]}"))
                .isEmpty();
        assertThat(check(Api.CHAT_COMPLETIONS, "openai/gpt-5", "{\"model\":\"m\",\"messages\":[],\"store\":false,\"service_tier\":\"flex\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}")).isEmpty();
        assertThat(check(Api.MESSAGES, "anthropic/claude-sonnet-4-5", "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[],"
                + "\"service_tier\":\"standard_only\",\"tools\":[{\"name\":\"f\",\"input_schema\":{}},{\"type\":\"web_search_20250305\","
                + "\"name\":\"web_search\"},{\"type\":\"web_fetch_20250910\",\"name\":\"web_fetch\"},{\"type\":\"bash_20250124\",\"name\":\"bash\"}]}",
                "claude-code-20250219", "interleaved-thinking-2025-05-14", "context-1m-2025-08-07")).isEmpty();
    }

    @Test
    void aTierIsPricedOnlyForTheModelsTheTableNames() {
        assertThat(check(Api.CHAT_COMPLETIONS, "openai/gpt-5-nano", "{\"model\":\"m\",\"messages\":[],\"service_tier\":\"priority\"}"))
                .map(CreditsRules.Refusal::param).contains("service_tier");
        assertThat(check(Api.CHAT_COMPLETIONS, "openai/gpt-4.1", "{\"model\":\"m\",\"messages\":[],\"service_tier\":\"flex\"}"))
                .map(CreditsRules.Refusal::message).hasValueSatisfying(m -> assertThat(m).contains("\"flex\"", "openai/gpt-4.1"));
        assertThat(check(Api.CHAT_COMPLETIONS, "groq/llama-3.3-70b-versatile", "{\"model\":\"m\",\"messages\":[],\"service_tier\":\"flex\"}"))
                .as("a provider the table has no tiers for").isPresent();
        assertThat(check(Api.CHAT_COMPLETIONS, "openai/gpt-4.1", "{\"model\":\"m\",\"messages\":[],\"service_tier\":\"auto\"}")).isEmpty();
    }

    @Test
    void aResponsesRequestThatLeavesStoreOutIsSentWithStoreFalseAndNothingElseIsSet() {
        assertThat(rules.defaults(Api.RESPONSES, Json.parse("{\"model\":\"m\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8))))
                .containsExactly(Map.entry("store", BooleanNode.FALSE));
        assertThat(rules.defaults(Api.RESPONSES, Json.parse("{\"model\":\"m\",\"store\":null}".getBytes(StandardCharsets.UTF_8))))
                .containsKey("store");
        assertThat(rules.defaults(Api.RESPONSES, Json.parse("{\"model\":\"m\",\"store\":false}".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(rules.defaults(Api.CHAT_COMPLETIONS, Json.parse("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8))))
                .as("chat completions store nothing unless asked").isEmpty();
        assertThat(rules.defaults(Api.MESSAGES, Json.parse("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }
}
