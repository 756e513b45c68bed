package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's request as it arrived, kept as its JSON tree in the client's wire: the fields the
 * gateway routes on, the same-wire pass-through body, and the tree for translation.
 */
public interface ClientRequest {
    /** The model id the client named. */
    String model();

    boolean stream();

    /** Whether the client wants usage in a stream (always, on wires that always carry it). */
    boolean clientWantsUsage();

    /** The body for an upstream of the same wire: the client's tree with only the model replaced. */
    byte[] forUpstream(String upstreamModel);

    /** A copy of the client's JSON tree. */
    ObjectNode tree();

    /**
     * The client's tree itself, to be read and never written (as a {@link JsonNode}, which has no
     * setters): for reads on every request, where {@link #tree()} would copy it whole.
     */
    JsonNode asSent();

    /** The top-level member {@code name} as text, or null when it is absent or JSON null. */
    default String memberText(String name) {
        JsonNode member = asSent().get(name);
        return member == null || member.isNull() ? null : member.asText();
    }

    /** Every value of a member named {@code name}, at any depth, in document order: the client's own nodes, read only. */
    default List<JsonNode> valuesNamed(String name) {
        return asSent().findValues(name);
    }

    /**
     * The members of this wire that limit the answer's output: those the client set, else the one
     * the wire names first ({@code max_completion_tokens}, {@code max_output_tokens}, {@code max_tokens}).
     */
    List<String> outputLimitFields();

    /**
     * A cheap estimate of the tokens this request spends of a provider's token rate limit: its body's
     * bytes over four for the prompt, plus the output it asks room for (providers count that too).
     * Rough on purpose: it weighs keys against each other, it prices nothing.
     */
    long estimatedTokens();

    /** The estimate of {@link #estimatedTokens()}, from the body's size and the tree's output-limit members. */
    static long estimatedTokens(int bodyBytes, ObjectNode tree, List<String> outputLimitFields) {
        long output = 0;
        for (String field : outputLimitFields) {
            JsonNode limit = tree.get(field);
            if (limit != null && limit.canConvertToLong()) output = Math.max(output, Math.max(0, limit.asLong()));
        }
        return bodyBytes / 4 + output;
    }

    /** The output limit the client set, or null when it set none. */
    default Long outputLimit() {
        ObjectNode tree = tree();
        for (String field : outputLimitFields()) {
            if (tree.path(field).canConvertToLong()) return tree.path(field).asLong();
        }
        return null;
    }

    /**
     * This request with top-level members set as given (every other member as the client sent it):
     * what the gateway changes on a request credits pay for.
     */
    ClientRequest withMembers(Map<String, JsonNode> members);

    /** This request with its output limited to {@code tokens}, in the wire's own field. */
    default ClientRequest withOutputLimit(long tokens) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (String field : outputLimitFields()) members.put(field, LongNode.valueOf(tokens));
        return withMembers(members);
    }

    /** A shallow copy of {@code tree} with {@code members} set: nested values are shared, never written. */
    static ObjectNode withMembers(ObjectNode tree, Map<String, JsonNode> members) {
        ObjectNode copy = tree.objectNode();
        copy.setAll(tree);
        members.forEach(copy::set);
        return copy;
    }

    /**
     * The client's body with only {@code model} replaced: in its text when it can be (every other
     * byte as the client sent it), else in a shallow copy of its tree (nested values are shared with
     * the client's tree and never written, which spares a deep copy of every message).
     */
    static byte[] withModel(byte[] body, ObjectNode tree, String upstreamModel) {
        return JsonSplice.replace(body, "model", Json.bytes(tree.textNode(upstreamModel))).orElseGet(() -> {
            ObjectNode copy = tree.objectNode();
            copy.setAll(tree);
            copy.put("model", upstreamModel);
            return Json.bytes(copy);
        });
    }
}
