package dev.anyrouter.protocol.openai;

import static dev.anyrouter.protocol.JsonFields.array;
import static dev.anyrouter.protocol.JsonFields.bool;
import static dev.anyrouter.protocol.JsonFields.decimal;
import static dev.anyrouter.protocol.JsonFields.integer;
import static dev.anyrouter.protocol.JsonFields.names;
import static dev.anyrouter.protocol.JsonFields.present;
import static dev.anyrouter.protocol.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonFields;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Message;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.Reasoning;
import dev.anyrouter.protocol.ResponseFormat;
import dev.anyrouter.protocol.Role;
import dev.anyrouter.protocol.Sampling;
import dev.anyrouter.protocol.ToolChoice;
import dev.anyrouter.protocol.ToolDefinition;
import dev.anyrouter.protocol.UnsupportedFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes an OpenAI Responses request into the neutral model, for a provider that does not serve
 * the Responses API. {@code instructions} and {@code system}/{@code developer} messages become the
 * system prompt (wherever they stand: agents add developer messages mid-conversation, and other
 * wires take instructions only up front); {@code function_call} and {@code custom_tool_call} items
 * join the assistant turn before them and their outputs the user turn after. What needs OpenAI's
 * servers is refused, naming the field: hosted tools (unless the client marked their type
 * optional, when they are left out and listed as dropped), {@code previous_response_id},
 * {@code conversation}, {@code background}, stored prompts and item references.
 */
final class ResponsesRequestDecoder {
    /** Fields read into the neutral model, or refused. */
    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "text", "temperature", "top_p", "max_output_tokens", "reasoning", "user",
            "safety_identifier", "stream", "previous_response_id", "conversation", "background", "prompt", "include");
    private static final String NO_STORE = "needs a response stored by OpenAI, and this model's provider keeps none";

    private final ResponsesToolNames names;
    private final Set<String> optionalHosted;
    private final List<String> dropped = new ArrayList<>();
    private final List<Part.Text> system = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();

    private ResponsesRequestDecoder(ResponsesToolNames names, Set<String> optionalHosted) {
        this.names = names;
        this.optionalHosted = optionalHosted;
    }

    static ModelRequest decode(JsonNode body, ResponsesToolNames names, Set<String> optionalHosted) {
        if (!body.isObject()) throw new MalformedJsonException("the request body must be a JSON object");
        return new ResponsesRequestDecoder(names, optionalHosted).read(body);
    }

    private ModelRequest read(JsonNode body) {
        refuseStateful(body);
        // Everything else (store, metadata, prompt_cache_key, client_metadata, service_tier, truncation…) is a
        // hint no other wire carries: dropped, and listed for the client to see.
        for (String name : names(body)) {
            if (!KNOWN.contains(name) && !body.get(name).isNull() && !(name.equals("store") && !body.get(name).asBoolean(true))) {
                dropped.add(name);
            }
        }
        for (JsonNode include : array(body, "include")) {
            if (!include.asText("").equals("reasoning.encrypted_content")) addOnce("include[" + include.asText("") + "]");
        }
        instructions(body.get("instructions"));
        List<ToolDefinition> tools = tools(array(body, "tools"));
        input(body.get("input"));
        JsonNode text = body.path("text");
        if (text.hasNonNull("verbosity")) addOnce("text.verbosity");
        Boolean stream = bool(body, "stream");
        String user = text(body, "safety_identifier");
        if (user == null) user = text(body, "user");
        return new ModelRequest(text(body, "model"), system, messages, tools, toolChoice(body.get("tool_choice")),
                bool(body, "parallel_tool_calls"), format(text.get("format")),
                new Sampling(decimal(body, "temperature"), decimal(body, "top_p"), null, null, null, null),
                List.of(), integer(body, "max_output_tokens"), effort(body.path("reasoning")), user,
                stream != null && stream, dropped);
    }

    private static void refuseStateful(JsonNode body) {
        if (present(body, "previous_response_id")) {
            throw new UnsupportedFieldException("previous_response_id", "continues a response stored by OpenAI; this model's"
                    + " provider keeps no responses, so there is nothing to continue: send the whole conversation in 'input'"
                    + " (with \"store\": false), as Codex does");
        }
        if (present(body, "conversation")) throw new UnsupportedFieldException("conversation", NO_STORE + ": send the whole conversation in 'input'");
        if (Boolean.TRUE.equals(bool(body, "background"))) throw new UnsupportedFieldException("background", NO_STORE + ": ask without background");
        if (present(body, "prompt")) throw new UnsupportedFieldException("prompt", "names a prompt stored at OpenAI; this model's provider cannot read it");
    }

    private void instructions(JsonNode instructions) {
        if (instructions == null || instructions.isNull()) return;
        if (instructions.isTextual()) {
            if (!instructions.asText().isEmpty()) system.add(new Part.Text(instructions.asText()));
            return;
        }
        for (int i = 0; i < instructions.size(); i++) item(instructions.get(i), "instructions[" + i + "]");
    }

    private void input(JsonNode input) {
        if (input == null || input.isNull()) return;
        if (input.isTextual()) {
            append(Role.USER, List.of(new Part.Text(input.asText())));
            return;
        }
        if (!input.isArray()) throw new MalformedJsonException("'input' must be a string or an array of input items");
        for (int i = 0; i < input.size(); i++) item(input.get(i), "input[" + i + "]");
    }

    private void item(JsonNode item, String where) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> message(item, where);
            case "function_call" -> append(Role.ASSISTANT, List.of(new Part.ToolCall(callId(item, where),
                    ResponsesToolNames.neutral(text(item, "namespace"), required(item, "name", where)),
                    item.path("arguments").asText("{}"))));
            case "custom_tool_call" -> {
                ObjectNode arguments = Json.object().put("input", item.path("input").asText(""));
                append(Role.ASSISTANT, List.of(new Part.ToolCall(callId(item, where),
                        ResponsesToolNames.neutral(text(item, "namespace"), required(item, "name", where)),
                        JsonFields.compact(arguments))));
            }
            case "function_call_output", "custom_tool_call_output" -> append(Role.USER, List.of(
                    new Part.ToolResult(callId(item, where), output(item.get("output"), where + ".output"), false)));
            case "reasoning" -> earlierReasoning(item);
            case "item_reference" -> throw new UnsupportedFieldException(where, "refers to an item stored by OpenAI; this model's"
                    + " provider keeps none: send the item itself");
            default -> {
                String tool = type.endsWith("_call") || type.endsWith("_call_output")
                        ? type.replaceAll("_call(_output)?$", "") : null;
                if (tool != null && optionalHosted.contains(tool)) {
                    addOnce("input[" + type + "]");
                    return;
                }
                throw new UnsupportedFieldException(where + ".type", "'" + type + "' "
                        + (tool != null ? "is the work of a tool only OpenAI runs, and this model's provider cannot take it"
                        : "is not an input item this model can take"));
            }
        }
    }

    private void message(JsonNode item, String where) {
        String role = text(item, "role");
        if (role == null) throw new MalformedJsonException("'" + where + ".role' is required");
        List<Part> parts = content(item.get("content"), where);
        switch (role) {
            case "system", "developer" -> {
                for (Part part : parts) {
                    if (!(part instanceof Part.Text t)) throw new UnsupportedFieldException(where + ".content", "of a " + role + " message must be text");
                    system.add(t);
                }
            }
            case "user" -> append(Role.USER, parts);
            case "assistant" -> append(Role.ASSISTANT, parts);
            default -> throw new UnsupportedFieldException(where + ".role", "'" + role + "' is not a role of the Responses API");
        }
    }

    /** Content as a string or a list of input (or, in assistant messages, output) parts. */
    private List<Part> content(JsonNode content, String where) {
        if (content == null || content.isNull()) return List.of();
        if (content.isTextual()) return List.of(new Part.Text(content.asText()));
        if (!content.isArray()) throw new MalformedJsonException("'" + where + ".content' must be a string or an array");
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String w = where + ".content[" + k + "]";
            switch (part.path("type").asText("")) {
                case "input_text", "output_text", "text" -> parts.add(new Part.Text(part.path("text").asText("")));
                case "refusal" -> parts.add(new Part.Text(part.path("refusal").asText("")));
                case "input_image" -> {
                    if (present(part, "file_id") && !present(part, "image_url")) {
                        throw new UnsupportedFieldException(w + ".file_id", "names a file stored at OpenAI; this model's provider"
                                + " cannot read it: send the image as image_url (an https or data: URL)");
                    }
                    if (part.hasNonNull("detail") && !"auto".equals(part.get("detail").asText())) addOnce("input_image.detail");
                    parts.add(new Part.Image(OpenAiRequestDecoder.imageSource(part.path("image_url").asText(""), w)));
                }
                default -> throw new UnsupportedFieldException(w + ".type", "'" + part.path("type").asText() + "' has no equivalent for this model");
            }
        }
        return parts;
    }

    /** A tool's output: a string, or text and image parts. */
    private List<Part> output(JsonNode output, String where) {
        if (output == null || output.isNull()) return List.of();
        if (output.isTextual()) return List.of(new Part.Text(output.asText()));
        return content(output, where);
    }

    /** Earlier reasoning: exactly as the upstream issued it when the gateway sealed it, else its visible text. */
    private void earlierReasoning(JsonNode item) {
        Part sealed = ReasoningEnvelope.open(text(item, "encrypted_content"));
        if (sealed != null) {
            append(Role.ASSISTANT, List.of(sealed));
            return;
        }
        StringBuilder visible = new StringBuilder();
        for (String field : new String[] {"summary", "content"}) {
            for (JsonNode part : item.path(field)) {
                if (!visible.isEmpty()) visible.append("\n\n");
                visible.append(part.path("text").asText(""));
            }
        }
        // Reasoning another upstream encrypted cannot be read here; an unsigned summary is all there is.
        if (!visible.isEmpty()) append(Role.ASSISTANT, List.of(new Part.Thinking(visible.toString(), null)));
        else addOnce("input[reasoning]");
    }

    /** Consecutive items of one role form one turn, as other wires want (calls with their turn, results together). */
    private void append(Role role, List<Part> parts) {
        if (parts.isEmpty()) return;
        if (!messages.isEmpty() && messages.getLast().role() == role) {
            List<Part> joined = new ArrayList<>(messages.getLast().parts());
            joined.addAll(parts);
            messages.set(messages.size() - 1, new Message(role, joined));
        } else {
            messages.add(new Message(role, parts));
        }
    }

    private List<ToolDefinition> tools(List<JsonNode> items) {
        HostedTools.Verdict hosted = HostedTools.judge(items.stream().map(t -> t.path("type").asText("")).toList(), optionalHosted);
        if (!hosted.allowed()) {
            String names = String.join("', '", hosted.refused());
            throw new UnsupportedFieldException("tools", "has the hosted tool '" + names + "', which only OpenAI runs, and this"
                    + " model's provider cannot: remove it, or list its type in the X-AnyRouter-Optional-Tools header to have it"
                    + " left out for models that cannot run it");
        }
        hosted.dropped().forEach(type -> addOnce("tools[" + type + "]"));
        List<ToolDefinition> tools = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode tool = items.get(i);
            String where = "tools[" + i + "]";
            String type = tool.path("type").asText("");
            switch (type) {
                case "function" -> tools.add(function(tool, null, where));
                case "custom" -> tools.add(custom(tool, null, where));
                case "namespace" -> {
                    String namespace = required(tool, "name", where);
                    JsonNode members = tool.path("tools");
                    for (int j = 0; j < members.size(); j++) {
                        JsonNode member = members.get(j);
                        String w = where + ".tools[" + j + "]";
                        tools.add(member.path("type").asText("").equals("custom") ? custom(member, namespace, w) : function(member, namespace, w));
                    }
                }
                default -> { } // a hosted tool the client marked optional: left out, listed above
            }
        }
        return tools;
    }

    private ToolDefinition function(JsonNode tool, String namespace, String where) {
        if (Boolean.TRUE.equals(bool(tool, "strict"))) addOnce("tools[].strict");
        return new ToolDefinition(ResponsesToolNames.neutral(namespace, required(tool, "name", where)), text(tool, "description"),
                tool.hasNonNull("parameters") ? tool.get("parameters") : Json.object().put("type", "object"));
    }

    /** A free-form tool becomes a function of one string, its grammar (if any) stated where the model reads it. */
    private static ToolDefinition custom(JsonNode tool, String namespace, String where) {
        String name = required(tool, "name", where);
        JsonNode format = tool.path("format");
        String about = "The tool's whole input, as free-form text.";
        if (format.path("type").asText("").equals("grammar")) {
            about += " It must follow this " + format.path("syntax").asText("grammar") + " grammar:\n" + format.path("definition").asText("");
        }
        ObjectNode parameters = Json.object().put("type", "object");
        parameters.putObject("properties").putObject("input").put("type", "string").put("description", about);
        parameters.putArray("required").add("input");
        return new ToolDefinition(ResponsesToolNames.neutral(namespace, name), text(tool, "description"), parameters);
    }

    private ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) return null;
        if (choice.isTextual()) return OpenAiRequestDecoder.toolChoice(choice);
        String type = choice.path("type").asText("");
        return switch (type) {
            case "function", "custom" -> new ToolChoice.Named(ResponsesToolNames.neutral(text(choice, "namespace"),
                    required(choice, "name", "tool_choice")));
            default -> throw new UnsupportedFieldException("tool_choice", "of type '" + type + "' has no equivalent for this model:"
                    + " use auto, none, required or a function");
        };
    }

    private static ResponseFormat format(JsonNode format) {
        if (format == null || format.isNull()) return null;
        return switch (format.path("type").asText("")) {
            case "text" -> new ResponseFormat.Text();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> new ResponseFormat.JsonSchema(text(format, "name"), format.get("schema"), bool(format, "strict"));
            default -> throw new UnsupportedFieldException("text.format.type", "'" + format.path("type").asText()
                    + "' has no equivalent for this model");
        };
    }

    /** The effort only: a summary alone (Codex asks for one whatever the model) does not turn thinking on. */
    private static Reasoning effort(JsonNode reasoning) {
        String effort = reasoning.path("effort").isTextual() ? reasoning.get("effort").asText() : null;
        if (effort == null) return null;
        return effort.equals("none") ? Reasoning.OFF : new Reasoning(null, effort, true);
    }

    private static String callId(JsonNode item, String where) {
        return required(item, "call_id", where);
    }

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) throw new MalformedJsonException("'" + where + "." + field + "' is required");
        return value;
    }

    private void addOnce(String field) {
        if (!dropped.contains(field)) dropped.add(field);
    }
}
