package dev.anyrouter.providers;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * Reads an upstream's whole answer (a JSON answer, a validation answer) up to a limit. An answer
 * whose {@code Content-Length} is over it, or that grows past it while being read, fails with
 * {@link AnswerTooLargeException} and its connection is reset, so what it held is freed at once and
 * the rest is never read.
 */
public final class AnswerBodies {
    private AnswerBodies() {}

    /** An upstream answer larger than the gateway reads. */
    public static final class AnswerTooLargeException extends RuntimeException {
        AnswerTooLargeException(long limit) {
            super("the upstream's answer is larger than " + limit + " bytes", null, false, false);
        }
    }

    /** The answer's body, if it is at most {@code limit} bytes. */
    public static Future<Buffer> read(HttpClientResponse response, long limit) {
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredLength(declared) > limit) return refuse(response, limit);
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + (long) chunk.length() > limit) {
                if (body.tryFail(new AnswerTooLargeException(limit))) response.request().reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(received));
        return body.future();
    }

    private static Future<Buffer> refuse(HttpClientResponse response, long limit) {
        response.request().reset();
        return Future.failedFuture(new AnswerTooLargeException(limit));
    }

    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
