package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonMember;
import dev.anyrouter.protocol.JsonSplice;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.UsageCost;
import io.vertx.core.buffer.Buffer;

/**
 * A whole JSON answer of a {@link Passthrough} wire as the client gets it, and the usage it states.
 * Only the answer's top-level {@code usage} member is parsed, not the answer: when the wire
 * annotates cost, the annotated usage object takes that member's bytes and every other byte stays
 * as the upstream sent it. An answer with no usage, or one that is not well-formed JSON, is left
 * untouched with no usage (the exchange does not relay one that is not JSON: {@code wellFormed}
 * says so, from the same pass). The usage is priced once ({@link CostNote}), for the annotation
 * and the bill alike.
 *
 * @param wellFormed whether the answer is a well-formed JSON object
 * @param body what the client gets
 * @param usage what the answer states ({@link Usage#NONE} when nothing)
 * @param costMicros what that usage cost (0 for none)
 */
record RelayedAnswer(boolean wellFormed, Buffer body, Usage usage, long costMicros) {
    private static final String USAGE = "usage";

    /** The answer {@code upstream} sent, its usage annotated with what {@code costs} says it cost and who paid. */
    static RelayedAnswer of(Buffer upstream, Passthrough wire, CostNote costs) {
        byte[] bytes = upstream.getBytes();
        JsonMember.Scanned scanned = JsonMember.scan(bytes, USAGE);
        if (scanned.member() == null) return new RelayedAnswer(scanned.wellFormed(), upstream, Usage.NONE, 0);
        JsonMember member = scanned.member();
        JsonNode usageObject;
        try {
            usageObject = Json.parse(bytes, member.start(), member.length());
        } catch (MalformedJsonException e) {
            return new RelayedAnswer(true, upstream, Usage.NONE, 0); // the locator read it as well-formed: a parse agrees, so not reached
        }
        Usage stated = wire.usage(usageObject);
        if (stated == null) return new RelayedAnswer(true, upstream, Usage.NONE, 0);
        Usage usage = wire.answered(stated, bytes);
        long costMicros = costs.costMicros(usage);
        if (!wire.annotatesCost() || !(usageObject instanceof ObjectNode)) return new RelayedAnswer(true, upstream, usage, costMicros);
        byte[] body;
        if (!UsageCost.overlaps(usageObject)) {
            // The common case: the annotation's members go in before the usage object's closing
            // brace, and not one byte the upstream sent is rewritten.
            body = JsonSplice.addMembers(bytes, member, costs.members(usage));
        } else {
            costs.annotate(usageObject, usage);
            body = JsonSplice.replace(bytes, member, Json.bytes(usageObject));
        }
        return new RelayedAnswer(true, Buffer.buffer(body), usage, costMicros);
    }
}
