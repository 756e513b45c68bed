package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}, {@code Authorization: Bearer}), with
 * OpenAI's error bodies. Claims every path under {@code /v1/responses}; the ones it does not
 * serve (retrieval, cancel, input items) get OpenAI's "Invalid URL" 404, as the mock keeps no
 * response bodies. Written from OpenAI's API reference and its OpenAPI description.
 */
final class OpenAiResponsesWire implements Wire {

    private final OpenAiErrors errors;
    private final OpenAiResponses responses;

    OpenAiResponsesWire(JsonCodec json, Ids ids, OpenAiResponses responses) {
        this.errors = new OpenAiErrors(json, ids);
        this.responses = responses;
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        String path = request.path();
        return path.equals("/v1/responses") || path.startsWith("/v1/responses/");
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String key = Wire.bearerKey(request);
        if (request.method() == HttpMethod.POST && request.path().equals("/v1/responses")) {
            return responses.read(key, body);
        }
        return Call.refused(key, null, false, new Refusal.Invalid(404,
                "Invalid URL (" + request.method().name() + " " + request.path() + ")", null, null));
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        errors.refuse(response, refusal);
    }
}
