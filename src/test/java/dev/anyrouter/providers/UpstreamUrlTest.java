package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpstreamUrlTest {

    /** What the client sent before: the joined URL parsed whole, then taken apart again. */
    private record Parsed(boolean https, String host, int port, String pathAndQuery) {
        static Parsed viaUri(URI base, String path) {
            String b = base.toString();
            while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
            URI uri = URI.create(b + (path.startsWith("/") ? path : "/" + path));
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            return new Parsed(https, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80),
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }

        static Parsed of(UpstreamUrl url) {
            return new Parsed(url.https(), url.host(), url.effectivePort(), url.pathAndQuery());
        }
    }

    @Test
    void joinsWithoutDoublingOrLosingASlash() {
        URI base = URI.create("https://api.groq.com/openai/v1/");
        assertThat(UpstreamUrl.join(base, "/chat/completions").pathAndQuery()).isEqualTo("/openai/v1/chat/completions");
        assertThat(UpstreamUrl.join(base, "chat/completions").pathAndQuery()).isEqualTo("/openai/v1/chat/completions");
        assertThat(UpstreamUrl.join(URI.create("https://api.anthropic.com"), "/v1/messages").toString())
                .isEqualTo("https://api.anthropic.com/v1/messages");
    }

    @Test
    void takesTheBaseApartAsTheClientConnectsToIt() {
        UpstreamUrl url = UpstreamUrl.join(URI.create("http://127.0.0.1:8089/v1"), "/models");
        assertThat(url.https()).isFalse();
        assertThat(url.host()).isEqualTo("127.0.0.1");
        assertThat(url.effectivePort()).isEqualTo(8089);
        assertThat(url.toUri()).isEqualTo(URI.create("http://127.0.0.1:8089/v1/models"));
        assertThat(UpstreamUrl.join(URI.create("https://api.openai.com/v1"), "/models").effectivePort()).isEqualTo(443);
        assertThat(UpstreamUrl.join(URI.create("http://mock.test/v1"), "/models").effectivePort()).isEqualTo(80);
    }

    @Test
    void sendsTheSameRequestLineHostAndPortAsParsingTheJoinedUrl() {
        List<String> bases = List.of("https://api.openai.com/v1", "https://api.groq.com/openai/v1/", "http://127.0.0.1:43123",
                "http://127.0.0.1:43123/", "https://generativelanguage.googleapis.com", "http://[::1]:8080/v1",
                "https://Example.COM:8443/a%20b/v1//", "HTTPS://api.together.xyz/v1");
        List<String> paths = List.of("/chat/completions", "responses", "/v1/messages/count_tokens", "/models",
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "/v1beta/models/a%2Fb:countTokens");
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            URI base = URI.create(bases.get(random.nextInt(bases.size())));
            String path = paths.get(random.nextInt(paths.size()));
            assertThat(Parsed.of(UpstreamUrl.join(base, path))).as(base + " + " + path).isEqualTo(Parsed.viaUri(base, path));
            assertThat(UpstreamUrl.join(base, path).toUri()).isEqualTo(UpstreamUrl.of(UpstreamUrl.join(base, path).toUri()).toUri());
        }
    }

    @Test
    void refusesABaseWithAQueryOrFragment() {
        assertThatThrownBy(() -> UpstreamUrl.join(URI.create("https://x.test/v1?a=b"), "/models"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamUrl.join(URI.create("https://x.test/v1#top"), "/models"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWholeUrlKeepsItsPathAndQuery() {
        UpstreamUrl url = UpstreamUrl.of(URI.create("http://127.0.0.1:9/v1/models?limit=5"));
        assertThat(url.pathAndQuery()).isEqualTo("/v1/models?limit=5");
        assertThat(new UpstreamCall(ProviderCatalog.loadDefault().find("openai").orElseThrow(), io.vertx.core.http.HttpMethod.GET,
                url, null, null).toString()).isEqualTo("UpstreamCall[openai GET http://127.0.0.1:9/v1/models?limit=5]");
    }
}
