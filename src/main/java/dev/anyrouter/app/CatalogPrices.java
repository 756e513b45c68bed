package dev.anyrouter.app;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import dev.anyrouter.store.Caches;
import java.util.Optional;

/**
 * Prices from the model catalog, as the ledger and the usage log need them: a model placed by any
 * id the catalog knows it by (canonical, or the provider's own dated id a key listed) is priced at
 * its catalog list price. Kept in {@code http}, where both are wired, so {@code billing} need not
 * know the catalog.
 */
final class CatalogPrices {
    private CatalogPrices() {}

    /** Distinct model ids remembered; clients may send any id, so the memo must not grow without bound. */
    private static final int MEMO_LIMIT = 4_096;

    /**
     * {@code first}'s prices, then the catalog's for every model {@code first} does not price. The
     * catalog's answer is remembered per id: a dated id takes a scan of the catalog, and every
     * request's usage is priced.
     */
    static PriceBook over(PriceBook first, ModelCatalog catalog) {
        Cache<String, Optional<ModelPrice>> memo = Caches.bounded(MEMO_LIMIT);
        return id -> first.price(id).or(() -> memo.get(id, known -> fromCatalog(catalog, known)));
    }

    private static Optional<ModelPrice> fromCatalog(ModelCatalog catalog, String canonicalId) {
        Optional<ModelEntry> entry = catalog.find(canonicalId);
        int slash = canonicalId.indexOf('/');
        if (entry.isEmpty() && slash > 0) entry = catalog.find(canonicalId.substring(0, slash), canonicalId.substring(slash + 1));
        return entry.flatMap(ModelEntry::price)
                .map(p -> new ModelPrice(p.inputPerMillion(), p.outputPerMillion(), p.cachedPerMillion()));
    }
}
