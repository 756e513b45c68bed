package dev.anyrouter.web;

import java.util.List;

/**
 * The /models page.
 *
 * @param rows every model the account can call now: on its keys, or on credits where it has no key of the provider
 * @param virtual each {@code anyrouter/*} model and the model it would pick now (null: none of the account's keys fits)
 */
record ModelsView(Chrome chrome, List<Row> rows, List<Virtual> virtual) {
    /** One model: its id, provider, context, list price per million tokens in and out, capabilities, and who pays. */
    record Row(String id, String provider, String context, String input, String output, String capabilities, String servedBy) {}

    /** A virtual model, its pick now and how many candidates it has. */
    record Virtual(String id, String pick, int candidates) {}
}
