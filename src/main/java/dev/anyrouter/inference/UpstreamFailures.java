package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.routing.Attempt;

/**
 * An upstream's error answer, passed on in the client's wire: its status, a safe code, and a
 * message that names the provider and key alias, with anything key-like removed (the raw body is
 * never relayed, since upstreams echo keys in errors). Shared by every inference handler.
 */
final class UpstreamFailures {
    private UpstreamFailures() {}

    static ApiError toApiError(Attempt attempt, int status, byte[] body) {
        String code = UpstreamErrors.code(body);
        String detail = UpstreamErrors.cleanMessage(body, attempt.target().credential());
        String message = attempt.model().provider().name() + " answered HTTP " + status + " on key '" + attempt.shownAlias()
                + "'" + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        return new ApiError(status, ApiError.typeFor(status), code == null ? "upstream_error" : code, message);
    }
}
