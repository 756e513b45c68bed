package dev.anyrouter.web;

import java.util.List;

/**
 * The /byok page: one card per catalog provider, its keys as a pool, searchable.
 *
 * @param query the search as typed (cards that do not match are left out when the page is built without JavaScript)
 * @param notice a one-line confirmation of the last change, or null
 * @param canRecheck whether the server can re-validate a stored key (see {@link KeyRecheck})
 */
record ByokView(Chrome chrome, String query, List<CardGroup> groups, String notice, boolean canRecheck) {

    /** Every card shown, in page order. */
    List<ProviderCard> cards() {
        return groups.stream().flatMap(g -> g.cards().stream()).toList();
    }

    /**
     * One section of the page: the providers the account has keys for first, then each catalog group
     * (frontier labs, fast inference, open-model hosts, clouds, self-hosted).
     */
    record CardGroup(String id, String label, List<ProviderCard> cards) {}

    /**
     * One provider and its keys.
     *
     * @param searchText what the search box matches against (id, name, group, aliases)
     * @param docsUrl where the user creates a key (or, for a self-hosted server, its docs)
     * @param pool the pool's settings
     */
    record ProviderCard(String id, String name, String wire, String keyHint, String searchText, String docsUrl,
                        boolean selfHosted, List<KeyRow> keys, Pool pool) {
        int activeKeys() {
            return (int) keys.stream().filter(k -> k.status().equals("active")).count();
        }
    }

    /** A pool's strategy (as the API spells it), its credits fall-through, and the strategies to choose from. */
    record Pool(String strategy, boolean fallbackToCredits, List<Choice> strategies) {}

    /** One option of a select. */
    record Choice(String value, String label, boolean selected) {}

    /**
     * One stored key as it may be shown: never the key itself, only its masked form.
     *
     * @param status its live health: active, disabled, quarantined, cooling_down, ejected or probing
     * @param health the same told in words, with until when and why ("quarantined: invalid key (HTTP 401)")
     */
    record KeyRow(String id, String alias, String masked, int priority, int weight, String scope, String status,
                  String health, String lastUsed, String lastUsedStamp, String baseUrl) {
        boolean disabled() {
            return status.equals("disabled");
        }
    }
}
