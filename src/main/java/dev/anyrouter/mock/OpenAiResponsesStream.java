package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The events of one streamed response, each an {@code event:} line and a {@code data:} line whose
 * {@code sequence_number} counts from 0: {@code response.created}, {@code response.in_progress},
 * then per output item {@code response.output_item.added}, its content ({@code content_part.added},
 * one {@code output_text.delta} per piece, {@code output_text.done}, {@code content_part.done} for
 * a message; two {@code function_call_arguments.delta} and a {@code .done} for a function call;
 * {@code web_search_call.in_progress}, {@code .searching} and {@code .completed} for a web search)
 * and {@code response.output_item.done} with the whole item; {@code response.completed} (or
 * {@code response.incomplete}) with the usage ends it. Events are made on demand.
 */
final class OpenAiResponsesStream implements SseFrames {

    /** Events of a message before its text deltas (item and part added), and after them (text, part, item done). */
    private static final int MESSAGE_HEAD = 2;
    private static final int MESSAGE_TAIL = 3;
    /** Events of a function call: added, two argument deltas, arguments done, item done. */
    private static final int CALL_EVENTS = 5;
    /** Events of a web search: added, in progress, searching, completed, item done. */
    private static final int SEARCH_EVENTS = 5;
    private static final List<String> SEARCH_STEPS = List.of("in_progress", "searching", "completed");

    private final JsonCodec json;
    private final Ids ids;
    private final ResponseObjects objects;
    private final ObjectNode opening;
    private final ObjectNode done;
    private final List<ResponseObjects.Item> items;
    private final boolean obfuscate;
    private final int count;

    /**
     * @param opening the response as {@code response.created} carries it (in progress, no output)
     * @param done    the response as the last event carries it
     */
    OpenAiResponsesStream(JsonCodec json, Ids ids, ResponseObjects objects, ObjectNode opening, ObjectNode done,
                          List<ResponseObjects.Item> items, boolean obfuscate) {
        this.json = json;
        this.ids = ids;
        this.objects = objects;
        this.opening = opening;
        this.done = done;
        this.items = List.copyOf(items);
        this.obfuscate = obfuscate;
        int events = 2;
        for (ResponseObjects.Item item : items) {
            events += eventsOf(item);
        }
        this.count = events;
    }

    private static int eventsOf(ResponseObjects.Item item) {
        return switch (item) {
            case ResponseObjects.Message message -> MESSAGE_HEAD + pieces(message) + MESSAGE_TAIL;
            case ResponseObjects.FunctionCall call -> CALL_EVENTS;
            case ResponseObjects.WebSearch search -> SEARCH_EVENTS;
        };
    }

    /** The message's text as the stream cuts it: one piece per word, as {@link ReplyText} made it. */
    private static int pieces(ResponseObjects.Message message) {
        return message.text().isEmpty() ? 0 : message.text().split(" ", -1).length;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Buffer frame(int index) {
        if (index == 0) {
            return withResponse("response.created", index, opening);
        }
        if (index == 1) {
            return withResponse("response.in_progress", index, opening);
        }
        int at = 2;
        for (int output = 0; output < items.size(); output++) {
            ResponseObjects.Item item = items.get(output);
            int events = eventsOf(item);
            if (index < at + events) {
                return itemEvent(item, output, index - at, index);
            }
            at += events;
        }
        throw new IndexOutOfBoundsException("event " + index + " of " + count);
    }

    @Override
    public Buffer terminator() {
        String type = done.path("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        return withResponse(type, count, done);
    }

    @Override
    public Buffer error(String message) {
        return Buffer.buffer("event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":"
                + JsonCodec.quote(message) + ",\"param\":null,\"sequence_number\":" + count + "}\n\n");
    }

    /** Event {@code step} (0-based) of the item at {@code output}. */
    private Buffer itemEvent(ResponseObjects.Item item, int output, int step, int sequence) {
        int last = eventsOf(item) - 1;
        if (step == 0) {
            ObjectNode added = event("response.output_item.added", sequence).put("output_index", output);
            added.set("item", objects.item(item, false));
            return sse(added);
        }
        if (step == last) {
            ObjectNode itemDone = event("response.output_item.done", sequence).put("output_index", output);
            itemDone.set("item", objects.item(item, true));
            return sse(itemDone);
        }
        return switch (item) {
            case ResponseObjects.Message message -> messageEvent(message, output, step, sequence);
            case ResponseObjects.FunctionCall call -> callEvent(call, output, step, sequence);
            case ResponseObjects.WebSearch search ->
                    sse(onItem("response.web_search_call." + SEARCH_STEPS.get(step - 1), sequence, search.id(), output));
        };
    }

    private Buffer messageEvent(ResponseObjects.Message message, int output, int step, int sequence) {
        int pieces = pieces(message);
        if (step == 1 || step == pieces + 3) {
            String type = step == 1 ? "response.content_part.added" : "response.content_part.done";
            ObjectNode part = onItem(type, sequence, message.id(), output).put("content_index", 0);
            part.set("part", objects.textPart(step == 1 ? "" : message.text()));
            return sse(part);
        }
        if (step == pieces + 2) {
            ObjectNode textDone = onItem("response.output_text.done", sequence, message.id(), output)
                    .put("content_index", 0).put("text", message.text());
            textDone.putArray("logprobs");
            return sse(textDone);
        }
        ObjectNode delta = onItem("response.output_text.delta", sequence, message.id(), output)
                .put("content_index", 0).put("delta", ReplyText.piece(step - 2));
        delta.putArray("logprobs");
        return sse(obfuscated(delta));
    }

    private Buffer callEvent(ResponseObjects.FunctionCall call, int output, int step, int sequence) {
        String arguments = call.arguments();
        int half = arguments.length() / 2;
        if (step <= 2) {
            ObjectNode delta = onItem("response.function_call_arguments.delta", sequence, call.id(), output)
                    .put("delta", step == 1 ? arguments.substring(0, half) : arguments.substring(half));
            return sse(obfuscated(delta));
        }
        return sse(onItem("response.function_call_arguments.done", sequence, call.id(), output)
                .put("name", call.name()).put("arguments", arguments));
    }

    private ObjectNode event(String type, int sequence) {
        return json.object().put("type", type).put("sequence_number", sequence);
    }

    private ObjectNode onItem(String type, int sequence, String itemId, int output) {
        return event(type, sequence).put("item_id", itemId).put("output_index", output);
    }

    private ObjectNode obfuscated(ObjectNode delta) {
        return obfuscate ? delta.put("obfuscation", ids.alphanumeric(ids.between(2, 12))) : delta;
    }

    private Buffer withResponse(String type, int sequence, ObjectNode response) {
        ObjectNode event = event(type, sequence);
        event.set("response", response);
        return sse(event);
    }

    private Buffer sse(ObjectNode event) {
        return Buffer.buffer("event: " + event.get("type").asText() + "\ndata: " + json.text(event) + "\n\n");
    }
}
