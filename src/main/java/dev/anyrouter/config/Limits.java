package dev.anyrouter.config;

import java.time.Duration;

/**
 * What one client may cost the gateway: sizes, counts and waits, each enforced where the bytes
 * arrive, so a hostile request is refused having cost one request's worth of work.
 *
 * @param inferenceBodyBytes largest request body of the inference endpoints (chat, responses, messages)
 * @param managementBodyBytes largest request body of every other {@code /api} endpoint
 * @param modelIdLength longest model id a request may name ({@code model}, each of {@code models})
 * @param requestModels most model ids one request may name ({@code model} and {@code models} together)
 * @param headerTimeout how long a connection may take to send a request's headers: from when it opens,
 *     and from the end of its previous answer; then it is closed
 * @param idleTimeout how long a connection may send and receive nothing at all, mid-request included
 * @param keyModels most model ids kept of one key's validation answer
 * @param upstreamAnswerBytes largest upstream answer read whole (a validation answer, a JSON answer,
 *     an error answer, count_tokens)
 * @param upstreamEventBytes largest event of an upstream stream (an endless line is cut off at it)
 * @param upstreamHeldBytes most bytes of a stream held before its first content, while the
 *     request may still move to another key
 */
public record Limits(
        long inferenceBodyBytes,
        long managementBodyBytes,
        int modelIdLength,
        int requestModels,
        Duration headerTimeout,
        Duration idleTimeout,
        int keyModels,
        long upstreamAnswerBytes,
        int upstreamEventBytes,
        long upstreamHeldBytes) {

    public static final long DEFAULT_INFERENCE_BODY_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_MANAGEMENT_BODY_BYTES = 64L * 1024;
    public static final int DEFAULT_MODEL_ID_LENGTH = 256;
    /** A request's model list is walked one attempt per model at least: as many as a preset may list. */
    public static final int DEFAULT_REQUEST_MODELS = 16;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(60);
    /** Longer than the upstream first-byte deadline (300 s), during which a held stream writes nothing. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(600);
    public static final int DEFAULT_KEY_MODELS = 2_000;
    public static final long DEFAULT_UPSTREAM_ANSWER_BYTES = 32L * 1024 * 1024;
    /** Larger than any event a provider sends (a partial image included). */
    public static final int DEFAULT_UPSTREAM_EVENT_BYTES = 8 * 1024 * 1024;
    /** Twice the largest request body: a Responses stream's opening events echo the request's instructions and tools. */
    public static final long DEFAULT_UPSTREAM_HELD_BYTES = 16L * 1024 * 1024;

    public static final Limits DEFAULTS = new Limits(DEFAULT_INFERENCE_BODY_BYTES, DEFAULT_MANAGEMENT_BODY_BYTES,
            DEFAULT_MODEL_ID_LENGTH, DEFAULT_REQUEST_MODELS, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_KEY_MODELS,
            DEFAULT_UPSTREAM_ANSWER_BYTES, DEFAULT_UPSTREAM_EVENT_BYTES, DEFAULT_UPSTREAM_HELD_BYTES);

    public Limits {
        if (inferenceBodyBytes < 1024) throw new InvalidSettingsException("max request bytes must be at least 1024");
        if (managementBodyBytes < 1024) throw new InvalidSettingsException("max management request bytes must be at least 1024");
        if (modelIdLength < 16) throw new InvalidSettingsException("max model id length must be at least 16");
        if (requestModels < 1) throw new InvalidSettingsException("max request models must be at least 1");
        if (keyModels < 1) throw new InvalidSettingsException("max key models must be at least 1");
        if (upstreamAnswerBytes < 1024) throw new InvalidSettingsException("max upstream answer bytes must be at least 1024");
        if (upstreamEventBytes < 1024) throw new InvalidSettingsException("max upstream event bytes must be at least 1024");
        if (upstreamHeldBytes < upstreamEventBytes) {
            throw new InvalidSettingsException("max upstream held bytes must be at least max upstream event bytes");
        }
        requireAtLeastASecond(headerTimeout, "request header timeout");
        requireAtLeastASecond(idleTimeout, "connection idle timeout");
    }

    private static void requireAtLeastASecond(Duration d, String what) {
        if (d == null || d.toMillis() < 1000) throw new InvalidSettingsException(what + " must be at least 1000 ms");
    }
}
