package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientCodec;
import dev.anyrouter.protocol.ModelRequest;

/**
 * A client request in the neutral model, for attempts on an upstream of another wire: the
 * request, the codec that writes the client's answers, the wire whose error shape the client
 * expects, and the prefix of an answer id the upstream left out.
 */
public record Translation(ModelRequest request, ClientCodec codec, ClientWire errors, String idPrefix) {}
