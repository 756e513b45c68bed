package dev.anyrouter.web;

import java.util.List;

/**
 * The /logs page: the account's requests, newest first, narrowed by {@code filter}.
 *
 * @param window how many of the newest requests the filter looked through
 * @param choices the values seen in that window, for the filter's drop-downs
 */
record LogsView(Chrome chrome, LogFilter filter, List<Row> rows, int window, Choices choices, Paging paging) {
    /** Which page of the matching requests this is, of how many matching, and whether there are pages before and after. */
    record Paging(int page, int matching, boolean previous, boolean next) {}

    /** The link to page {@code n} under the same filter. */
    String pageLink(int n) {
        String query = filter.query();
        return "/logs?" + (query.isEmpty() ? "" : query + "&") + "page=" + n;
    }

    /** The CSV export of what the filter matches. */
    String csvLink() {
        String query = filter.query();
        return "/logs.csv" + (query.isEmpty() ? "" : "?" + query);
    }


    /** One request. {@code app} is its title, or its referer when it sent no title. */
    record Row(String id, String when, String stamp, String model, String provider, String keyAlias, int status,
               String errorCode, long inputTokens, long outputTokens, long latencyMs, String ttft, String app, boolean stream) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** Distinct values to pick from. */
    record Choices(List<String> models, List<String> providers, List<String> keys, List<String> statuses, List<String> apps) {}
}
