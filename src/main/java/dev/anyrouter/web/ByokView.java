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
     * @param pool the pool's strategy as set, or null until pool settings exist (issue "key pools")
     */
    record ProviderCard(String id, String name, String wire, String keyHint, String searchText, List<KeyRow> keys, String pool) {
        int activeKeys() {
            return (int) keys.stream().filter(k -> k.status().equals("active")).count();
        }
    }

    /** One stored key as it may be shown: never the key itself, only its masked form. */
    record KeyRow(String id, String alias, String masked, int priority, int weight, String scope, String status,
                  String reason, String lastUsed, String lastUsedStamp, String baseUrl) {
        boolean disabled() {
            return status.equals("disabled");
        }
    }
}
