package dev.anyrouter.web;

import java.util.List;

/**
 * The /byok page: one card per catalog provider, its keys as a pool, searchable.
 *
 * @param query the search as typed (cards that do not match are left out when the page is built without JavaScript)
 * @param notice a one-line confirmation of the last change, or null
 * @param changed where the last change was: shown beside it, highlighted and focused
 * @param canRecheck whether the server can re-validate a stored key (see {@link KeyRecheck})
 */
record ByokView(Chrome chrome, String query, List<CardGroup> groups, String notice, Changed changed, boolean canRecheck) {
    /**
     * Where the last change was made, so its confirmation is shown beside it (in the viewport, not at the page's top).
     *
     * @param provider the card the notice goes in
     * @param keyId the row changed, or null (a deleted key, a pool setting)
     * @param error whether the notice reports a failure (re-validation refused)
     */
    record Changed(String provider, String keyId, boolean error) {}

    /** The notice when it belongs in {@code card}; else null. */
    String noticeIn(ProviderCard card) {
        return notice != null && changed != null && changed.provider().equals(card.id()) ? notice : null;
    }

    /** The notice when it belongs to no card (it is then shown at the top). */
    String pageNotice() {
        return notice != null && (changed == null || cards().stream().noneMatch(c -> c.id().equals(changed.provider()))) ? notice : null;
    }

    /** Whether {@code row} is the one just changed. */
    boolean isChanged(KeyRow row) {
        return changed != null && row.id().equals(changed.keyId());
    }

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

    /**
     * A pool's settings: its strategy (as the API spells it) and the strategies to choose from; whether this
     * server's credits cover the provider, the credits settings to choose from, and what they mean now.
     */
    record Pool(String strategy, List<Choice> strategies, boolean covered, List<Choice> credits, String creditsNote) {}

    /** One option of a select. */
    record Choice(String value, String label, boolean selected) {}

    /**
     * One stored key as it may be shown: never the key itself, only its masked form.
     *
     * @param status its live health: active, disabled, quarantined, cooling_down, ejected or probing
     * @param health the same told in words, with until when and why ("quarantined: invalid key (HTTP 401)")
     * @param share under the weighted strategy, the key's share of requests ("60 %"); else empty
     */
    record KeyRow(String id, String alias, String masked, int priority, int weight, String share, String scope, String status,
                  String health, String lastUsed, String lastUsedStamp, String baseUrl) {
        boolean disabled() {
            return status.equals("disabled");
        }
    }
}
