package dev.anyrouter.mock;

/**
 * What a {@link Wire} read from one request: enough to record it, check its key and script, and
 * then either refuse it ({@code problem}) or answer it ({@code answer}).
 *
 * @param key     the caller's key, or {@code null} when none was sent
 * @param model   the model named, or {@code null}
 * @param stream  whether a streamed answer was asked for
 * @param problem why the request cannot be answered, or {@code null}
 * @param answer  how to answer it when nothing stops it
 */
record Call(String key, String model, boolean stream, Refusal problem, Answer answer) {

    /** Sends the wire's normal answer for one request, shaped by the script in force. */
    @FunctionalInterface
    interface Answer {
        void send(io.vertx.core.http.HttpServerRequest request, Script script);
    }

    static Call refused(String key, String model, boolean stream, Refusal problem) {
        return new Call(key, model, stream, problem, (request, script) -> {});
    }

    @Override
    public String toString() {
        return "Call[model=" + model + ", stream=" + stream + ", problem=" + problem + "]";
    }
}
