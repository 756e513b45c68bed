package dev.anyrouter.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, checked the way AWS documents it ("Create a signed AWS API request" in
 * the IAM user guide): the canonical request (method, the path URI-encoded once more for every
 * service but S3, the sorted and encoded query, the signed headers lower-cased with their values
 * trimmed, the payload's SHA-256), the string to sign over the credential scope, and the signing
 * key derived by HMAC-SHA256 from {@code "AWS4" + secret} through date, region, service and
 * {@code aws4_request}. Written from that documentation and checked against AWS's published test
 * vectors (get-vanilla, post-vanilla, the query-order cases); it shares nothing with the AWS SDK's
 * signer that the gateway signs with.
 */
final class SigV4Check {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** How far a request's date may be from the mock's clock, as AWS allows. */
    static final Duration SKEW = Duration.ofMinutes(15);

    /** What the request claims: the parts of its {@code Authorization} header. */
    record Claim(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {}

    /** The request as it arrived. */
    record Request(String method, String rawPath, String rawQuery, Function<String, String> header, byte[] body) {}

    /** Why a request's signature is not accepted; the message is AWS's own wording. */
    static final class Rejected extends Exception {
        final String type;

        Rejected(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    private final Clock clock;

    SigV4Check(Clock clock) {
        this.clock = clock;
    }

    /** Reads an {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} header. */
    static Claim claim(String authorization) throws Rejected {
        if (authorization == null || !authorization.startsWith(ALGORITHM + " ")) {
            throw new Rejected("IncompleteSignatureException", "Authorization header requires the AWS4-HMAC-SHA256 algorithm");
        }
        String credential = null, signedHeaders = null, signature = null;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            if (p.startsWith("Credential=")) credential = p.substring("Credential=".length());
            else if (p.startsWith("SignedHeaders=")) signedHeaders = p.substring("SignedHeaders=".length());
            else if (p.startsWith("Signature=")) signature = p.substring("Signature=".length());
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new Rejected("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new Rejected("IncompleteSignatureException", "Credential should be scoped to a valid region, service and aws4_request");
        }
        return new Claim(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature);
    }

    /**
     * Checks {@code request} against {@code claim} with {@code secret}.
     *
     * @throws Rejected with AWS's exception type and message when the signature does not hold
     */
    void verify(Claim claim, String secret, Request request) throws Rejected {
        String amzDate = request.header().apply("x-amz-date");
        if (amzDate == null) throw new Rejected("IncompleteSignatureException", "Authorization header requires existence of an 'X-Amz-Date' header");
        Instant when;
        try {
            when = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new Rejected("IncompleteSignatureException", "X-Amz-Date must be in the ISO 8601 basic format yyyyMMddTHHmmssZ");
        }
        if (!amzDate.startsWith(claim.date())) throw new Rejected("SignatureDoesNotMatch", "Date in Credential scope does not match the request date");
        if (Duration.between(when, clock.instant()).abs().compareTo(SKEW) > 0) {
            throw new Rejected("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier or later than allowed");
        }
        if (!claim.signedHeaders().contains("host")) throw new Rejected("InvalidSignatureException", "'Host' must be a signed header");
        String expected = signature(secret, claim, canonicalRequest(claim, request), amzDate);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), claim.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new Rejected("InvalidSignatureException", "The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
    }

    /** The canonical request of {@code request} under the headers {@code claim} signs. */
    static String canonicalRequest(Claim claim, Request request) {
        StringBuilder headers = new StringBuilder();
        for (String name : claim.signedHeaders()) {
            String value = request.header().apply(name);
            headers.append(name.toLowerCase(Locale.ROOT)).append(':').append(value == null ? "" : value.strip().replaceAll(" +", " "))
                    .append('\n');
        }
        String payload = request.header().apply("x-amz-content-sha256");
        if (payload == null) payload = hex(sha256(request.body()));
        String path = request.rawPath().isEmpty() ? "/" : request.rawPath();
        if (!claim.service().equals("s3")) path = encode(path, false);
        return request.method() + "\n" + path + "\n" + canonicalQuery(request.rawQuery()) + "\n" + headers + "\n"
                + String.join(";", claim.signedHeaders()) + "\n" + payload;
    }

    /** The hex signature of a canonical request. */
    static String signature(String secret, Claim claim, String canonicalRequest, String amzDate) {
        String scope = claim.date() + "/" + claim.region() + "/" + claim.service() + "/aws4_request";
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), claim.date());
        key = hmac(key, claim.region());
        key = hmac(key, claim.service());
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(Map.entry(encode(name, true), encode(value, true)));
        }
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : pairs) {
            if (!out.isEmpty()) out.append('&');
            out.append(p.getKey()).append('=').append(p.getValue());
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding of every byte but the unreserved ones (and '/', unless {@code slash}). */
    static String encode(String text, boolean slash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
                    || c == '/' && !slash) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
