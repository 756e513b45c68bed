package dev.anyrouter.usage;

import java.util.List;

/**
 * Where finished requests' usage records go. The database is the default; a high-volume
 * deployment can ship them to a column store instead. Must be idempotent on record id, since a
 * batch whose outcome is unknown is written again.
 */
@FunctionalInterface
public interface UsageSink {
    void insertBatch(List<UsageRecord> batch);
}
