package dev.anyrouter.web;

import java.util.List;

/**
 * The /byok page: one card per catalog provider, its keys as a pool, searchable.
 *
 * @param query the search as typed (cards that do not match are left out when the page is built without JavaScript)
 * @param notice a one-line confirmation of the last change, or null
 * @param canRecheck whether the server can re-validate a stored key (see {@link KeyRecheck})
 */
record ByokView(Chrome chrome, String query, List<ProviderCard> cards, String notice, boolean canRecheck) {

    /**
     * One provider and its keys.
     *
     * @param searchText what the search box matches against (id, name, aliases)
     * @param pool the pool's settings
     */
    record ProviderCard(String id, String name, String wire, String keyHint, String searchText, List<KeyRow> keys, Pool pool) {
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
