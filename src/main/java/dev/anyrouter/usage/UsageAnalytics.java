package dev.anyrouter.usage;

import dev.anyrouter.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's usage over a time range, grouped by day, model, provider, provider key, app or
 * AnyRouter API key: requests, errors, tokens, cost at list price, credits spent, what BYOK saved,
 * and latency / time-to-first-token percentiles. Everything is computed by the database, so a
 * year of records costs the gateway a row per group, not a row per request: sums are SQL both
 * engines run; percentiles (nearest rank, over served requests) are PostgreSQL's
 * {@code percentile_disc}, and on SQLite, which has no percentile function, the rank's row picked
 * out with window functions ({@code ROW_NUMBER} and {@code COUNT} over each group).
 */
public final class UsageAnalytics {
    private static final long DAY_MILLIS = 86_400_000L;

    /** What rows are grouped by, and the SQL expression of the group. */
    public enum GroupBy {
        DAY("created_at / " + DAY_MILLIS),
        MODEL("model"),
        PROVIDER("provider"),
        KEY("key_id"),
        APP("COALESCE(app_title, app_referer)"),
        API_KEY("api_key_id");

        private final String sql;

        GroupBy(String sql) {
            this.sql = sql;
        }

        /** As the {@code group_by} query parameter spells it ({@code day}, {@code api_key}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<GroupBy> fromWire(String value) {
            return Arrays.stream(values()).filter(g -> g.wireName().equals(value)).findFirst();
        }
    }

    /** The 50th, 90th and 99th percentiles (nearest rank) in milliseconds; null when there was nothing to measure. */
    public record Percentiles(Long p50, Long p90, Long p99) {
        static final Percentiles NONE = new Percentiles(null, null, null);
    }

    /**
     * One group's figures.
     *
     * @param group the group's value (a day as {@code 2026-11-27}, a model id, a key id…); null for
     *     records that have none (a request refused before a key was chosen)
     * @param label a readable name where the id is not one (a key's alias), else null
     * @param costMicros cost at list price of everything served, in micro-dollars
     * @param creditsMicros what was debited from credits
     * @param byokSavedMicros list price of what the caller's own keys served: what credits would have cost
     */
    public record Row(String group, String label, long requests, long errors, long inputTokens, long outputTokens,
                      long cachedTokens, long costMicros, long creditsMicros, long byokSavedMicros, Percentiles latency,
                      Percentiles ttft) {}

    /** The figures of a range: one row per group (largest first), and the total. */
    public record Report(Instant from, Instant to, GroupBy groupBy, List<Row> rows, Row total) {}

    private final Database db;

    public UsageAnalytics(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The account's records with {@code from <= at < to}, grouped. */
    public Report report(String accountId, Instant from, Instant to, GroupBy groupBy) {
        Objects.requireNonNull(accountId, "accountId");
        if (!from.isBefore(to)) throw new IllegalArgumentException("'from' must be before 'to'");
        List<Row> sums = db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT " + groupBy.sql + " AS g, MAX(key_alias) AS label, COUNT(*) AS requests,"
                    + " SUM(CASE WHEN status >= 200 AND status < 300 THEN 0 ELSE 1 END) AS errors,"
                    + " SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cached_tokens) AS cached_tokens,"
                    + " SUM(COALESCE(cost_micros, 0)) AS cost,"
                    + " SUM(CASE WHEN billing = 'credits' THEN COALESCE(cost_micros, 0) ELSE 0 END) AS credits,"
                    + " SUM(CASE WHEN billing = 'byok' THEN COALESCE(cost_micros, 0) ELSE 0 END) AS byok"
                    + " FROM usage_records WHERE account_id = ? AND created_at >= ? AND created_at < ?"
                    + " GROUP BY " + groupBy.sql)) {
                bindRange(ps, accountId, from, to);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(sumsOf(rs, groupBy));
                }
                return rows;
            }
        });
        Map<String, Timings> timings = timings(accountId, from, to, groupBy.sql, groupBy);
        // Grouped by the account the range is filtered to: one group, the total.
        Timings all = timings(accountId, from, to, "account_id", null).getOrDefault(key(TOTAL), Timings.NONE);
        List<Row> rows = new ArrayList<>(sums.size());
        for (Row r : sums) {
            Timings t = timings.getOrDefault(key(r.group()), Timings.NONE);
            rows.add(new Row(r.group(), r.label(), r.requests(), r.errors(), r.inputTokens(), r.outputTokens(), r.cachedTokens(),
                    r.costMicros(), r.creditsMicros(), r.byokSavedMicros(), t.latency(), t.ttft()));
        }
        rows.sort(groupBy == GroupBy.DAY
                ? java.util.Comparator.comparing(Row::group, java.util.Comparator.nullsLast(String::compareTo))
                : java.util.Comparator.comparingLong(Row::requests).reversed()
                        .thenComparing(Row::group, java.util.Comparator.nullsLast(String::compareTo)));
        return new Report(from, to, groupBy, List.copyOf(rows), total(rows, all));
    }

    /** Each group's latency and TTFT percentiles over served requests, one row per group from the database. */
    private Map<String, Timings> timings(String accountId, Instant from, Instant to, String groupSql, GroupBy groupBy) {
        String sql = db.isPostgres() ? postgresPercentiles(groupSql) : windowedPercentiles(groupSql);
        return db.withConnection(c -> {
            try (var ps = c.prepareStatement(sql)) {
                bindRange(ps, accountId, from, to);
                Map<String, Timings> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String group = groupBy == null ? TOTAL : groupOf(rs, groupBy);
                        out.put(key(group), new Timings(percentiles(rs, "l"), percentiles(rs, "t")));
                    }
                }
                return out;
            }
        });
    }

    private static final String SERVED = " FROM usage_records WHERE account_id = ? AND created_at >= ? AND created_at < ?"
            + " AND status >= 200 AND status < 300";

    private static String postgresPercentiles(String groupSql) {
        StringBuilder sql = new StringBuilder("SELECT ").append(groupSql).append(" AS g");
        for (int p : PERCENTS) {
            // Ordered-set aggregates skip nulls, as a request without a first token has no TTFT.
            sql.append(", percentile_disc(").append(p / 100.0).append(") WITHIN GROUP (ORDER BY latency_ms) AS l").append(p);
            sql.append(", percentile_disc(").append(p / 100.0).append(") WITHIN GROUP (ORDER BY ttft_ms) AS t").append(p);
        }
        return sql.append(SERVED).append(" GROUP BY ").append(groupSql).toString();
    }

    /** Nearest rank k = ceil(p * n / 100) of each group's values, picked out by row number. */
    private static String windowedPercentiles(String groupSql) {
        StringBuilder sql = new StringBuilder("SELECT g");
        for (int p : PERCENTS) {
            sql.append(", MAX(CASE WHEN lr = (ln * ").append(p).append(" + 99) / 100 THEN latency_ms END) AS l").append(p);
            sql.append(", MAX(CASE WHEN ttft_ms IS NOT NULL AND tr = (tn * ").append(p).append(" + 99) / 100 THEN ttft_ms END) AS t")
                    .append(p);
        }
        return sql.append(" FROM (SELECT ").append(groupSql).append(" AS g, latency_ms, ttft_ms,")
                .append(" ROW_NUMBER() OVER (PARTITION BY ").append(groupSql).append(" ORDER BY latency_ms) AS lr,")
                .append(" COUNT(*) OVER (PARTITION BY ").append(groupSql).append(") AS ln,")
                .append(" ROW_NUMBER() OVER (PARTITION BY ").append(groupSql).append(", ttft_ms IS NULL ORDER BY ttft_ms) AS tr,")
                .append(" COUNT(ttft_ms) OVER (PARTITION BY ").append(groupSql).append(") AS tn")
                .append(SERVED).append(") AS ranked GROUP BY g").toString();
    }

    private static final int[] PERCENTS = {50, 90, 99};
    private static final String TOTAL = "\u0000total";

    private static Percentiles percentiles(ResultSet rs, String prefix) throws SQLException {
        Long[] at = new Long[PERCENTS.length];
        for (int i = 0; i < PERCENTS.length; i++) {
            long v = rs.getLong(prefix + PERCENTS[i]);
            at[i] = rs.wasNull() ? null : v;
        }
        return at[0] == null ? Percentiles.NONE : new Percentiles(at[0], at[1], at[2]);
    }

    private static Row total(List<Row> rows, Timings all) {
        long requests = 0, errors = 0, in = 0, out = 0, cached = 0, cost = 0, credits = 0, byok = 0;
        for (Row r : rows) {
            requests += r.requests();
            errors += r.errors();
            in += r.inputTokens();
            out += r.outputTokens();
            cached += r.cachedTokens();
            cost += r.costMicros();
            credits += r.creditsMicros();
            byok += r.byokSavedMicros();
        }
        return new Row(null, null, requests, errors, in, out, cached, cost, credits, byok, all.latency(), all.ttft());
    }

    /** The timings map's key of a group; records with no group value share one that no real value can be. */
    private static String key(String group) {
        return group == null ? "\u0000none" : group;
    }

    private static void bindRange(PreparedStatement ps, String accountId, Instant from, Instant to) throws SQLException {
        ps.setString(1, accountId);
        ps.setLong(2, from.toEpochMilli());
        ps.setLong(3, to.toEpochMilli());
    }

    private static Row sumsOf(ResultSet rs, GroupBy groupBy) throws SQLException {
        return new Row(groupOf(rs, groupBy), groupBy == GroupBy.KEY ? rs.getString("label") : null, rs.getLong("requests"),
                rs.getLong("errors"), rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cached_tokens"),
                rs.getLong("cost"), rs.getLong("credits"), rs.getLong("byok"), Percentiles.NONE, Percentiles.NONE);
    }

    private static String groupOf(ResultSet rs, GroupBy groupBy) throws SQLException {
        if (groupBy == GroupBy.DAY) {
            long day = rs.getLong("g");
            return rs.wasNull() ? null : LocalDate.ofEpochDay(day).toString();
        }
        return rs.getString("g");
    }

    /** One group's percentiles, as the database computed them. */
    private record Timings(Percentiles latency, Percentiles ttft) {
        static final Timings NONE = new Timings(Percentiles.NONE, Percentiles.NONE);
    }
}
