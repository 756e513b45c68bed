package dev.anyrouter.providers.cloud;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Google's auth library's HTTP transport, carried by the gateway's own upstream client through a
 * {@link TokenEndpoint}: the JWT-bearer grant Google's library builds and signs goes out under the
 * same address rules as every other upstream call. Only POST is supported (the token grant is the
 * one call the library makes). Blocking: it runs on the virtual thread a token refresh runs on.
 */
final class TokenTransport extends HttpTransport {
    private final TokenEndpoint endpoint;
    private final Duration timeout;

    TokenTransport(TokenEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public boolean supportsMethod(String method) {
        return "POST".equals(method);
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) throws IOException {
        if (!"POST".equals(method)) throw new IOException("only the token grant (POST) is sent this way, not " + method);
        URI uri = URI.create(url);
        return new LowLevelHttpRequest() {
            @Override
            public void addHeader(String name, String value) {
                // The grant's body carries everything; the library's own headers (user agent, x-goog-api-client) are left out.
            }

            @Override
            public LowLevelHttpResponse execute() throws IOException {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (getStreamingContent() != null) getStreamingContent().writeTo(body);
                String type = getContentType() == null ? "application/x-www-form-urlencoded" : getContentType();
                TokenEndpoint.Answer answer;
                try {
                    answer = endpoint.post(uri, type, body.toByteArray()).toCompletionStage().toCompletableFuture()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while minting a token");
                } catch (ExecutionException e) {
                    // The cause is kept: a token endpoint refused for its host says so (see KeyValidator).
                    throw new IOException("the token endpoint " + uri.getHost() + " could not be reached ("
                            + e.getCause().getClass().getSimpleName() + ")", e.getCause());
                } catch (TimeoutException e) {
                    throw new IOException("the token endpoint " + uri.getHost() + " did not answer within " + timeout.toSeconds() + " s");
                }
                return new Answered(answer);
            }
        };
    }

    /** The endpoint's answer as the library reads it. */
    private static final class Answered extends LowLevelHttpResponse {
        private final TokenEndpoint.Answer answer;

        Answered(TokenEndpoint.Answer answer) {
            this.answer = answer;
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(answer.body());
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public long getContentLength() {
            return answer.body().length;
        }

        @Override
        public String getContentType() {
            return "application/json; charset=UTF-8";
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + answer.status();
        }

        @Override
        public int getStatusCode() {
            return answer.status();
        }

        @Override
        public String getReasonPhrase() {
            return "";
        }

        @Override
        public int getHeaderCount() {
            return 0;
        }

        @Override
        public String getHeaderName(int index) {
            return null;
        }

        @Override
        public String getHeaderValue(int index) {
            return null;
        }
    }
}
