package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
