package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /v1/responses}: reads the request, then answers with a {@code response} object or
 * its event stream. The answer is the mock's reply text; when the request offers a function tool
 * and its latest user text mentions "weather", the answer is instead one {@code function_call} per
 * mention (at most four, each for another city), unless the input already ends with the
 * functions' outputs. When the request offers the hosted web search tool ({@code web_search},
 * {@code web_search_preview}, dated types of them) and that text mentions "search", the answer
 * first runs one search per mention (at most four): a {@code web_search_call} item each, as
 * OpenAI bills them. {@code max_output_tokens} below the reply's length makes the response
 * {@code incomplete}. Responses stored ({@code store} not false) may be named by a later
 * {@code previous_response_id}; any other id is refused as OpenAI refuses it.
 */
final class OpenAiResponses {

    /** The {@code type}s an input item may have (the OpenAPI description's InputItem variants). */
    static final Set<String> ITEM_TYPES = Set.of("message", "function_call", "function_call_output", "reasoning",
            "item_reference", "file_search_call", "computer_call", "computer_call_output", "web_search_call",
            "tool_search_call", "tool_search_output", "additional_tools", "compaction", "compaction_trigger",
            "image_generation_call", "code_interpreter_call", "local_shell_call", "local_shell_call_output",
            "shell_call", "shell_call_output", "apply_patch_call", "apply_patch_call_output", "mcp_list_tools",
            "mcp_approval_request", "mcp_approval_response", "mcp_call", "custom_tool_call",
            "custom_tool_call_output", "program", "program_output");
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final List<String> CITIES = List.of("Paris", "Tokyo", "Lima", "Oslo");
    private static final int MAX_CALLS = CITIES.size();
    static final int STORED_IDS = 10_000;

    /** What one request asked for, as far as the mock's answer depends on it. */
    record Ask(String model, boolean stream, boolean obfuscate, int inputTokens, String function, int calls,
               int searches, ResponseObjects.Echo echo) {}

    private final Vertx vertx;
    private final JsonCodec json;
    private final Clock clock;
    private final Ids ids;
    private final ResponseObjects objects;
    private final StoredResponses stored = new StoredResponses(STORED_IDS);

    OpenAiResponses(Vertx vertx, JsonCodec json, Clock clock, Ids ids) {
        this.vertx = vertx;
        this.json = json;
        this.clock = clock;
        this.ids = ids;
        this.objects = new ResponseObjects(json);
    }

    Call read(String key, Buffer body) {
        JsonNode root = json.readOrNull(body);
        if (root == null || !root.isObject()) {
            return Call.refused(key, null, false, new Refusal.Invalid(400, OpenAiChat.UNPARSEABLE, null, null));
        }
        String model = root.path("model").isTextual() ? root.get("model").asText() : null;
        boolean stream = root.path("stream").asBoolean(false);
        Refusal problem = check(root, model);
        if (problem != null) {
            return Call.refused(key, model, stream, problem);
        }
        JsonNode input = root.path("input");
        String latestUserText = latestUserText(input);
        String function = firstFunction(root.path("tools"));
        int calls = function == null || endsWithToolOutput(input) ? 0
                : Math.min(MAX_CALLS, mentions(latestUserText.toLowerCase(Locale.ROOT), "weather"));
        int searches = !offersWebSearch(root.path("tools")) ? 0
                : Math.min(MAX_CALLS, mentions(latestUserText.toLowerCase(Locale.ROOT), "search"));
        long characters = textLength(root.path("instructions")) + inputLength(input);
        Ask ask = new Ask(model, stream, root.path("stream_options").path("include_obfuscation").asBoolean(true),
                ReplyText.tokensFor(characters), function, calls, searches, echo(root));
        return new Call(key, model, stream, null, (request, script) -> answer(request, script, ask));
    }

    private Refusal check(JsonNode root, String model) {
        if (model == null || model.isEmpty()) {
            return new Refusal.Invalid(400, "Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }
        if (root.has("stream") && !root.get("stream").isBoolean() && !root.get("stream").isNull()) {
            return new Refusal.Invalid(400, "Invalid type for 'stream': expected a boolean.", "stream", "invalid_type");
        }
        JsonNode previous = root.path("previous_response_id");
        if (previous.isTextual() && !stored.contains(previous.asText())) {
            return new Refusal.Invalid(400, "Previous response with id '" + previous.asText() + "' not found.",
                    "previous_response_id", "previous_response_not_found");
        }
        JsonNode input = root.path("input");
        if (input.isMissingNode() || input.isNull() || input.isTextual()) {
            return null;
        }
        if (!input.isArray()) {
            return new Refusal.Invalid(400, "Invalid type for 'input': expected one of a string or an array of "
                    + "input items.", "input", "invalid_type");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            if (!ITEM_TYPES.contains(type)) {
                return new Refusal.Invalid(400, "Invalid value: '" + type + "'. Supported values are: "
                        + String.join(", ", ITEM_TYPES.stream().sorted().map(t -> "'" + t + "'").toList()) + ".",
                        "input[" + i + "].type", "invalid_value");
            }
            if (type.equals("message") && !ROLES.contains(item.path("role").asText())) {
                return new Refusal.Invalid(400, "Invalid value: '" + item.path("role").asText()
                        + "'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
                        "input[" + i + "].role", "invalid_value");
            }
        }
        return null;
    }

    private ResponseObjects.Echo echo(JsonNode root) {
        ArrayNode tools = json.array();
        for (JsonNode tool : root.path("tools")) {
            ObjectNode copy = tool.deepCopy();
            if (tool.path("type").asText().equals("function")) {
                // OpenAI echoes function tools whole: strict (true by default here) and parameters always present.
                if (!copy.has("description")) copy.putNull("description");
                if (!copy.has("parameters")) copy.putNull("parameters");
                if (!copy.has("strict")) copy.put("strict", true);
            }
            tools.add(copy);
        }
        JsonNode max = root.path("max_output_tokens");
        return new ResponseObjects.Echo(root.get("instructions"), max.canConvertToInt() ? max.asInt() : null, tools,
                root.get("tool_choice"), root.get("temperature"), root.get("top_p"),
                root.path("parallel_tool_calls").asBoolean(true), root.get("reasoning"), root.get("text"),
                root.path("store").asBoolean(true),
                root.path("previous_response_id").isTextual() ? root.get("previous_response_id").asText() : null,
                root.path("prompt_cache_key").isTextual() ? root.get("prompt_cache_key").asText() : null,
                root.get("metadata"));
    }

    private void answer(HttpServerRequest request, Script script, Ask ask) {
        String id = "resp_" + ids.hex(48);
        long createdAt = clock.instant().getEpochSecond();
        List<ResponseObjects.Item> output = new ArrayList<>();
        int outputTokens;
        boolean incomplete = false;
        for (int i = 0; i < ask.searches(); i++) {
            output.add(new ResponseObjects.WebSearch("ws_" + ids.hex(48), "rivers of " + CITIES.get(i)));
        }
        if (ask.calls() > 0) {
            outputTokens = 0;
            for (int i = 0; i < ask.calls(); i++) {
                String arguments = "{\"location\":\"" + CITIES.get(i) + "\"}";
                output.add(new ResponseObjects.FunctionCall("fc_" + ids.hex(48), "call_" + ids.alphanumeric(24),
                        ask.function(), arguments));
                outputTokens += ReplyText.tokensFor(arguments.length());
            }
        } else {
            int pieces = script.chunksOr(ReplyText.DEFAULT_PIECES);
            Integer max = ask.echo().maxOutputTokens();
            if (max != null && max > 0 && max < pieces) {
                pieces = max;
                incomplete = true;
            }
            output.add(new ResponseObjects.Message("msg_" + ids.hex(48), ReplyText.text(pieces), incomplete));
            outputTokens = pieces;
        }
        if (ask.echo().store()) {
            stored.add(id);
        }
        String status = incomplete ? "incomplete" : "completed";
        ObjectNode done = objects.response(id, createdAt, incomplete ? null : clock.instant().getEpochSecond(),
                ask.model(), status, ask.echo(), output, objects.usage(ask.inputTokens(), outputTokens));
        HttpServerResponse response = request.response();
        OpenAiWire.stamp(response, ids);
        if (ask.stream()) {
            ObjectNode opening = objects.response(id, createdAt, null, ask.model(), "in_progress", ask.echo(), null, null);
            response.putHeader("content-type", "text/event-stream; charset=utf-8").putHeader("cache-control", "no-cache");
            SsePump.start(vertx, request,
                    new OpenAiResponsesStream(json, ids, objects, opening, done, output, ask.obfuscate()), script);
        } else {
            response.putHeader("content-type", "application/json").end(json.bytes(done));
        }
    }

    /** The text of the last user message: the whole input when it is a string. */
    private static String latestUserText(JsonNode input) {
        if (input.isTextual()) {
            return input.asText();
        }
        String latest = "";
        for (JsonNode item : input) {
            if (item.path("role").asText().equals("user")) {
                latest = contentText(item.path("content"));
            }
        }
        return latest;
    }

    private static boolean endsWithToolOutput(JsonNode input) {
        return input.isArray() && !input.isEmpty()
                && input.get(input.size() - 1).path("type").asText().equals("function_call_output");
    }

    /** The name of the first {@code function} tool, or null when there is none. */
    private static String firstFunction(JsonNode tools) {
        for (JsonNode tool : tools) {
            if (tool.path("type").asText().equals("function") && tool.path("name").isTextual()) {
                return tool.get("name").asText();
            }
        }
        return null;
    }

    private static boolean offersWebSearch(JsonNode tools) {
        for (JsonNode tool : tools) {
            if (tool.path("type").asText().startsWith("web_search")) {
                return true;
            }
        }
        return false;
    }

    private static int mentions(String text, String word) {
        int count = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length())) {
            count++;
        }
        return count;
    }

    private static long inputLength(JsonNode input) {
        if (input.isTextual()) {
            return input.asText().length();
        }
        long characters = 0;
        for (JsonNode item : input) {
            characters += contentText(item.path("content")).length() + textLength(item.path("output"))
                    + item.path("arguments").asText("").length();
        }
        return characters;
    }

    private static long textLength(JsonNode text) {
        return text.isTextual() ? text.asText().length() : contentText(text).length();
    }

    /** A content string, or the text of its parts ({@code input_text}, {@code output_text}) joined. */
    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }
}
