package dev.anyrouter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/credits?limit=&before=} and the dashboard's /credits read the whole ledger in the same pages. */
class LedgerPagesHttpTest {
    private static final String ADMIN = "ledger-pages-admin-token-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void aClientReadsTheWholeLedgerPageByPageAndTheDashboardWalksTheSamePages() throws Exception {
        try (WebStack stack = new WebStack(dataDir, Map.of("admin-token", ADMIN))) {
            WebClient client = new WebClient(stack.origin());
            String key = client.signUp("pages@example.com");
            for (int i = 0; i < 230; i++) {
                HttpResponse<String> r = client.json("POST", "/api/v1/admin/credits/grant", ADMIN,
                        "{\"email\":\"pages@example.com\",\"usd\":0.01,\"memo\":\"grant " + i + "\"}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            List<String> ids = new ArrayList<>();
            String before = null;
            int pages = 0;
            do {
                JsonNode page = WebClient.parse(client.json("GET", "/api/v1/credits?limit=100" + (before == null ? "" : "&before=" + before),
                        key, null));
                assertThat(page.get("balance_usd").asDouble()).isEqualTo(4.30);
                page.get("entries").forEach(e -> ids.add(e.get("id").asText()));
                assertThat(page.get("has_more").asBoolean()).isEqualTo(!page.get("next_before").isNull());
                before = page.get("next_before").isNull() ? null : page.get("next_before").asText();
                pages++;
            } while (before != null);
            assertThat(pages).isEqualTo(3);
            assertThat(ids).hasSize(231).doesNotHaveDuplicates();
            assertThat(WebClient.parse(client.json("GET", "/api/v1/credits", key, null)).get("entries")).hasSize(100);

            client.logIn("pages@example.com");
            List<String> shown = new ArrayList<>();
            String path = "/credits";
            while (path != null) {
                String html = client.get(path).body();
                Matcher row = Pattern.compile("<td data-label=\"Memo\">([^<]*)</td>").matcher(html);
                while (row.find()) shown.add(row.group(1));
                Matcher older = Pattern.compile("href=\"(/credits\\?before=[^\"]+)\">Older entries").matcher(html);
                path = older.find() ? older.group(1) : null;
            }
            assertThat(shown).hasSize(231);
            assertThat(new HashSet<>(shown)).hasSize(231);
        }
    }

    @Test
    void aBadLimitOrACursorThatIsNotTheCallersIsRefusedInTheOpenAiShape() throws Exception {
        try (WebStack stack = new WebStack(dataDir)) {
            WebClient client = new WebClient(stack.origin());
            String alice = client.signUp("alice@example.com");
            String bob = client.signUp("bob@example.com");
            String bobsEntry = WebClient.parse(client.json("GET", "/api/v1/credits", bob, null)).get("entries").get(0).get("id").asText();
            for (String query : new String[] {"limit=0", "limit=1001", "limit=ten"}) {
                HttpResponse<String> r = client.json("GET", "/api/v1/credits?" + query, alice, null);
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(WebClient.parse(r).get("error").get("code").asText()).isEqualTo("invalid_limit");
            }
            HttpResponse<String> foreign = client.json("GET", "/api/v1/credits?before=" + bobsEntry, alice, null);
            assertThat(foreign.statusCode()).isEqualTo(400);
            assertThat(WebClient.parse(foreign).get("error").get("code").asText()).isEqualTo("invalid_before");
            assertThat(foreign.body()).doesNotContain(bobsEntry);
        }
    }
}
