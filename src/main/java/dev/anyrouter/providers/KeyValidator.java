package dev.anyrouter.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.cloud.CloudCredentials;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves a provider key with one cheap live call (the provider's model list) before the key
 * is stored. The upstream's body is read only for its model ids and its invalid-key marker,
 * never echoed.
 */
public final class KeyValidator {
    private final UpstreamClient client;
    private final Limits limits;

    /**
     * What a validation answer may cost: its body is read up to {@code maxAnswerBytes}, and of its
     * model list at most {@code maxModels} ids of at most {@code maxModelIdLength} characters are kept.
     */
    public record Limits(long maxAnswerBytes, int maxModels, int maxModelIdLength) {
        public static final Limits DEFAULT = new Limits(32L * 1024 * 1024, 2_000, 256);
    }

    private final CloudValidation clouds;

    public KeyValidator(UpstreamClient client, CloudCredentials clouds) {
        this(client, clouds, Limits.DEFAULT);
    }

    public KeyValidator(UpstreamClient client, CloudCredentials clouds, Limits limits) {
        this.client = client;
        this.limits = limits;
        this.clouds = new CloudValidation(client, clouds, limits);
    }

    public Future<Validation> validate(UpstreamTarget target) {
        if (target.provider().credentialForm().isPresent()) {
            // A token endpoint on a host the credential may not go to is the credential's fault, not an outage.
            return clouds.validate(target).recover(failure -> hostRefused(failure) instanceof BaseUrlNotAllowedException refused
                    ? Future.failedFuture(refused)
                    : Future.succeededFuture(new Validation.Unreachable(unreachableReason(target, failure))));
        }
        UpstreamCall call = callFor(target);
        return client.send(call)
                .compose(response -> AnswerBodies.read(response, limits.maxAnswerBytes())
                        .map(body -> judge(target.provider(), response, body.getBytes(), limits)))
                .recover(failure -> Future.succeededFuture(new Validation.Unreachable(unreachableReason(target, failure))));
    }

    static UpstreamCall callFor(UpstreamTarget target) {
        Provider provider = target.provider();
        MultiMap headers = CredentialHeaders.forTarget(target);
        headers.set("accept", "application/json");
        // A provider with no listing to read is proved with an empty request to an endpoint it has:
        // it checks the key before the body, so a bad key answers 401 and a good one a 400 (see judge).
        boolean post = provider.validationMethod().equals("POST");
        if (post) headers.set("content-type", "application/json");
        return new UpstreamCall(provider, HttpMethod.valueOf(provider.validationMethod()),
                UpstreamUrl.join(target.baseUrl(), provider.validationPath()), headers, post ? io.vertx.core.buffer.Buffer.buffer("{}") : null);
    }

    static Validation judge(Provider provider, HttpClientResponse response, byte[] body, Limits limits) {
        int status = response.statusCode();
        String code = UpstreamErrors.code(body);
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (status == 401 || status == 403 || provider.invalidKey().stream().anyMatch(s -> s.matches(status, text))) {
            return new Validation.Rejected(provider.name() + " rejected the key (HTTP " + status
                    + (code == null ? "" : ", " + code) + ")");
        }
        if (status == 429) return new Validation.Valid(List.of()); // authenticated, only rate-limited
        // The empty request of a POST validation was refused for its body, after the key was accepted.
        if ((status == 400 || status == 422) && provider.validationMethod().equals("POST")) return new Validation.Valid(List.of());
        if (status >= 200 && status < 300) return new Validation.Valid(modelIds(body, limits));
        if (status >= 500) {
            return new Validation.Unreachable(provider.name() + " answered HTTP " + status + " to the validation call");
        }
        return new Validation.Rejected(provider.name() + " refused the validation call (HTTP " + status
                + (code == null ? "" : ", " + code) + ")");
    }

    /** The answer's model ids, as many as {@code limits} keeps; an id longer than any model id is skipped. */
    static List<String> modelIds(byte[] body, Limits limits) {
        List<String> ids = new ArrayList<>();
        try {
            JsonNode root = Json.parse(body);
            JsonNode list = root.has("data") ? root.get("data") : root.get("models");
            if (list != null && list.isArray()) {
                for (JsonNode m : list) {
                    if (ids.size() >= limits.maxModels()) break;
                    String id = m.path("id").asText(m.path("name").asText(""));
                    if (id.startsWith("models/")) id = id.substring("models/".length());
                    if (!id.isEmpty() && id.length() <= limits.maxModelIdLength()) ids.add(id);
                }
            }
        } catch (RuntimeException ignored) {
            // A model list we cannot read does not make a working key invalid.
        }
        return ids;
    }

    /** The host refusal in a failure's causes (a token mint wraps it), or null. */
    private static BaseUrlNotAllowedException hostRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BaseUrlNotAllowedException refused) return refused;
        }
        return null;
    }

    static String unreachableReason(UpstreamTarget target, Throwable failure) {
        if (failure instanceof UpstreamRefusedException refused) return refused.getMessage();
        if (failure instanceof AnswerBodies.AnswerTooLargeException tooLarge) {
            return target.provider().name() + "'s validation answer was too large to read (" + tooLarge.getMessage() + ")";
        }
        // Said in words, with the port: a Java class name ("AnnotatedConnectException") tells a user nothing.
        return target.provider().name() + " could not be reached at " + hostAndPort(target.baseUrl()) + " ("
                + inWords(failure) + "): check the base URL, and that the server is running and reachable from here";
    }

    /** What went wrong with the connection, in words. */
    static String inWords(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) return "the host name does not resolve";
            if (t instanceof java.net.ConnectException) return "the connection was refused";
            if (t instanceof javax.net.ssl.SSLException) return "the TLS handshake failed";
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return "no answer in time";
            }
            if (t == t.getCause()) break;
        }
        return "the connection failed";
    }

    private static String hostAndPort(java.net.URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
        String host = url.getHost() == null ? String.valueOf(url) : url.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
