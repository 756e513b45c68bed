package dev.anyrouter.web;

import java.util.List;

/**
 * The /pool page: how the program works, which providers are eligible (with the source of each
 * decision), the account's keys with their donation state and what each earned, and the consent
 * text with its version (with the form that accepts it, until it is accepted).
 *
 * @param consented when the account accepted the current text, or null
 * @param error why the last change was refused, or null
 */
record PoolView(Chrome chrome, String percent, String order, String textVersion, String text, String consented,
                List<ProviderRow> eligible, List<ProviderRow> decided, List<KeyRow> keys, String earned, String notice, String error) {
    /** A provider's decision as listed. */
    record ProviderRow(String id, String name, String permitted, String source, String checked, String note, String decidedBy) {}

    /** One of the account's keys: its donation as asked ({@code off|ready|on}) and as it is ({@code off|ready|donating}). */
    record KeyRow(String id, String alias, String provider, String donation, String state, String requests, String tokens,
                  String earned, boolean eligible) {}
}
