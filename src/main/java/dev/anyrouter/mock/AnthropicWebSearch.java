package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Anthropic's server-side web search tool, as its documentation shows it: when a request offers
 * the tool ({@code "type": "web_search_20250305"}, or a later dated type) and the last user text
 * mentions "search", the answer runs one search per mention (at most four, and at most the tool's
 * {@code max_uses}) before its text: per search a {@code server_tool_use} block (named
 * {@code web_search}, its query as input) and a {@code web_search_tool_result} block, and the
 * usage counts them in {@code server_tool_use.web_search_requests}, which Anthropic bills.
 */
final class AnthropicWebSearch {
    private static final int MAX_SEARCHES = 4;
    private static final List<String> TOPICS = List.of("rivers", "lakes", "glaciers", "deltas");

    private final Ids ids;

    AnthropicWebSearch(Ids ids) {
        this.ids = ids;
    }

    /** How many searches the answer to {@code root} runs. */
    static int searches(JsonNode root) {
        for (JsonNode tool : root.path("tools")) {
            if (!tool.path("type").asText("").startsWith("web_search_")) continue;
            String text = ToolOffer.lastUserText(root.path("messages")).toLowerCase(Locale.ROOT);
            int mentions = 0;
            for (int at = text.indexOf("search"); at >= 0; at = text.indexOf("search", at + 1)) mentions++;
            int most = tool.path("max_uses").canConvertToInt() ? Math.max(0, tool.get("max_uses").asInt()) : MAX_SEARCHES;
            return Math.min(Math.min(mentions, MAX_SEARCHES), most);
        }
        return 0;
    }

    /** Adds the blocks of {@code searches} searches to a message's {@code content}. */
    void addBlocks(ArrayNode content, int searches) {
        for (int i = 0; i < searches; i++) {
            String id = newId();
            content.addObject().put("type", "server_tool_use").put("id", id).put("name", "web_search")
                    .putObject("input").put("query", query(i));
            result(content.addObject(), id, i);
        }
    }

    /** The stream events of {@code searches} searches' blocks, numbered from 0. */
    List<Buffer> events(JsonCodec json, int searches) {
        List<Buffer> events = new ArrayList<>();
        for (int i = 0; i < searches; i++) {
            String id = newId();
            int use = 2 * i;
            events.add(AnthropicStream.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + use
                    + ",\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"" + id + "\",\"name\":\"web_search\",\"input\":{}}}"));
            events.add(AnthropicStream.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + use
                    + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                    + JsonCodec.quote("{\"query\":" + JsonCodec.quote(query(i)) + "}") + "}}"));
            events.add(stop(use));
            ObjectNode block = json.object();
            result(block, id, i);
            ObjectNode start = json.object().put("type", "content_block_start").put("index", use + 1);
            start.set("content_block", block);
            events.add(AnthropicStream.event("content_block_start", json.text(start)));
            events.add(stop(use + 1));
        }
        return events;
    }

    /** The {@code server_tool_use} member of a usage that ran {@code searches} searches. */
    static void count(ObjectNode usage, int searches) {
        usage.putObject("server_tool_use").put("web_search_requests", searches);
    }

    private static Buffer stop(int index) {
        return AnthropicStream.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static void result(ObjectNode block, String toolUseId, int i) {
        block.put("type", "web_search_tool_result").put("tool_use_id", toolUseId);
        block.putArray("content").addObject().put("type", "web_search_result").put("url", "https://example.org/" + TOPICS.get(i))
                .put("title", "About " + TOPICS.get(i)).put("encrypted_content", "EqgfCioIARgBIiQ3" + i).put("page_age", "April 30, 2025");
    }

    private static String query(int i) {
        return "facts about " + TOPICS.get(i);
    }

    private String newId() {
        return "srvtoolu_01" + ids.alphanumeric(22);
    }
}
