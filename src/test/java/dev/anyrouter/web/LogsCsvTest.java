package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.usage.UsageRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsCsvTest {
    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndAFormulaStaysText() {
        assertThat(LogsCsv.field("plain")).isEqualTo("plain");
        assertThat(LogsCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(LogsCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(LogsCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(LogsCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(LogsCsv.field(null)).isEmpty();
    }

    @Test
    void oneLineARequestUnderTheHeader() {
        UsageRecord r = new UsageRecord("req-1", Instant.parse("2026-12-08T01:02:03Z"), "a", "ak", "openai/gpt-4.1", "openai", "k",
                "prod, eu", 200, null, true, 10, 20, 0, 150, 40L, "https://app.example", "My App", List.of(), "byok", 1_250,
                "openai/gpt-4.1");
        assertThat(LogsCsv.of(List.of(r))).isEqualTo(LogsCsv.HEADER + "\r\n"
                + "req-1,2026-12-08T01:02:03Z,openai/gpt-4.1,openai,\"prod, eu\",200,,true,10,20,0,150,40,byok,0.00125,My App,"
                + "https://app.example\r\n");
    }
}
