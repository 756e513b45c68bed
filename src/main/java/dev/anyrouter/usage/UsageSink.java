package dev.anyrouter.usage;

import java.util.List;

/**
 * Where finished requests' usage records go. The database is the default; a high-volume
 * deployment can ship them to a column store instead. Must be idempotent on record id, since a
 * batch whose outcome is unknown is written again.
 */
@FunctionalInterface
public interface UsageSink {
    /** Stores the batch; the list is the writer's and is reused once this returns, so copy what you keep. */
    void insertBatch(List<UsageRecord> batch);
}
