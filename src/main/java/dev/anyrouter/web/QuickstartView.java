package dev.anyrouter.web;

import java.util.List;

/** The quick-start page: the base URL and code to paste, one snippet per client. */
record QuickstartView(Chrome chrome, String baseUrl, List<Snippets.Snippet> snippets) {}
