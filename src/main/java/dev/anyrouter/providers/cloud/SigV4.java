package dev.anyrouter.providers.cloud;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs one request with AWS Signature Version 4, by the AWS SDK for Java v2's own signer (no
 * signing code of ours): the request as it will be sent goes in, the headers to add come out
 * ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} for session credentials).
 * Pure CPU work (hashing the body, a few HMACs), so it runs where the call is built.
 */
public final class SigV4 {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;

    public SigV4(Clock clock) {
        this.clock = clock;
    }

    /** A request to sign: the URL taken apart as it is sent, its headers and body. */
    public record Request(String method, String scheme, String host, int port, String rawPath, String rawQuery,
                          List<Map.Entry<String, String>> headers, byte[] body) {}

    /**
     * The headers that carry the signature, by name, in the case AWS writes them.
     *
     * @param service the signing name ({@code bedrock} for both the runtime and the control plane)
     */
    public List<Map.Entry<String, String>> sign(BedrockCredential.AccessKeys keys, String region, String service, Request request) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol(request.scheme())
                .host(request.host())
                .port(request.port())
                .encodedPath(request.rawPath());
        if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
            for (String pair : request.rawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                http.appendRawQueryParameter(name, value);
            }
        }
        for (Map.Entry<String, String> h : request.headers()) http.appendHeader(h.getKey(), h.getValue());
        AwsCredentialsIdentity identity = keys.sessionToken() == null
                ? AwsCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
        SdkHttpRequest unsigned = http.build();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body() == null ? new byte[0] : request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        List<Map.Entry<String, String>> added = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> {
            if (unsigned.firstMatchingHeader(name).isPresent() || name.equalsIgnoreCase("host")) return;
            for (String v : values) added.add(Map.entry(name, v));
        });
        return added;
    }
}
