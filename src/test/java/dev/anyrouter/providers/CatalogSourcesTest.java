package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every catalog row says where its facts came from: the comment block right above each
 * {@code - id:} holds a {@code # Source:} line, as the catalog's header asks.
 */
class CatalogSourcesTest {

    @Test
    void everyRowOfTheBuiltInCatalogNamesItsSource() throws IOException {
        String text;
        try (InputStream in = ProviderCatalog.class.getResourceAsStream(ProviderCatalog.DEFAULT_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(rowsWithoutSource(text)).isEmpty();
        assertThat(text.lines().filter(l -> l.startsWith("  - id: ")).count()).isEqualTo(ProviderCatalog.loadDefault().all().size());
    }

    @Test
    void aRowWithoutASourceCommentIsFound() {
        String catalog = """
                providers:

                  # Source: Demo API reference (example.com/docs, read 2026-12-07): base https://api.example.com/v1.
                  - id: sourced
                    name: Sourced

                  # Demo's second entry, with a comment that names no source.
                  - id: unsourced
                    name: Unsourced
                  - id: bare
                    name: Bare

                  # Source: an older block, separated from the row by a blank line

                  - id: detached
                    name: Detached
                """;
        assertThat(rowsWithoutSource(catalog)).containsExactly("unsourced", "bare", "detached");
    }

    /** The ids of rows whose comment block (the comment lines directly above them) has no {@code # Source:} line. */
    static List<String> rowsWithoutSource(String catalog) {
        List<String> lines = catalog.lines().toList();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("  - id: ")) continue;
            boolean sourced = false;
            for (int j = i - 1; j >= 0 && lines.get(j).stripLeading().startsWith("#"); j--) {
                if (lines.get(j).strip().matches("(?i)#\\s*source:.*")) sourced = true;
            }
            if (!sourced) missing.add(lines.get(i).substring("  - id: ".length()).strip());
        }
        return missing;
    }
}
