package dev.anyrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain HTTP client with its own cookie jar, for what a browser test cannot easily do (forged posts, raw headers). */
final class WebClient {
    private final String origin;
    final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    WebClient(String origin) {
        this.origin = origin;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> json(String method, String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("content-type", "application/json");
        if (bearer != null) b.header("authorization", "Bearer " + bearer);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs up through the API; returns the account's first API key. */
    String signUp(String email) throws Exception {
        var r = json("POST", "/api/v1/auth/signup", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        if (r.statusCode() != 201) throw new AssertionError("signup: " + r.body());
        return Json.parse(r.body().getBytes()).get("api_key").asText();
    }

    /** Logs in through the API (the cookie lands in this client's jar); returns the session's CSRF token. */
    String logIn(String email) throws Exception {
        var r = json("POST", "/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\"}");
        if (r.statusCode() != 200) throw new AssertionError("login: " + r.body());
        return Json.parse(r.body().getBytes()).get("csrf_token").asText();
    }

    static JsonNode parse(HttpResponse<String> r) {
        return Json.parse(r.body().getBytes());
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
