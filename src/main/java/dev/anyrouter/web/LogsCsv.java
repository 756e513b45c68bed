package dev.anyrouter.web;

import dev.anyrouter.usage.UsageRecord;
import java.util.List;

/** Requests as CSV (RFC 4180): a header line, then one line a request; a field with a comma, quote or line break is quoted. */
final class LogsCsv {
    static final String HEADER = "id,time,model,provider,key,status,error,stream,input_tokens,output_tokens,cached_tokens,latency_ms,"
            + "ttft_ms,billing,cost_usd,app,referer";

    private LogsCsv() {}

    static String of(List<UsageRecord> records) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (UsageRecord r : records) {
            out.append(String.join(",", field(r.id()), field(r.at().toString()), field(r.model()), field(r.provider()),
                    field(r.keyAlias()), Integer.toString(r.status()), field(r.errorCode()), Boolean.toString(r.stream()),
                    Long.toString(r.inputTokens()), Long.toString(r.outputTokens()), Long.toString(r.cachedTokens()),
                    Long.toString(r.latencyMs()), r.ttftMs() == null ? "" : r.ttftMs().toString(), field(r.billing()),
                    dev.anyrouter.billing.Usd.text(r.costMicros()).replace("$", ""), field(r.appTitle()), field(r.appReferer())))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** One field: as it is, or quoted with its quotes doubled; a leading =, +, - or @ is kept from spreadsheets as text. */
    static String field(String value) {
        if (value == null || value.isEmpty()) return "";
        String v = "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) return "\"" + v.replace("\"", "\"\"") + "\"";
        return v;
    }
}
