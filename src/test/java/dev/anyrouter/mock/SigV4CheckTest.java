package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mock's own SigV4 check against AWS's published SigV4 test suite (credentials AKIDEXAMPLE,
 * region us-east-1, service "service", 2015-08-30T12:36:00Z): the canonical request and the
 * signatures of get-vanilla, post-vanilla and the two query-order cases, as the suite gives them.
 */
class SigV4CheckTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final SigV4Check.Claim CLAIM = new SigV4Check.Claim("AKIDEXAMPLE", "20150830", "us-east-1", "service",
            List.of("host", "x-amz-date"), null);
    private static final Map<String, String> HEADERS = Map.of("host", "example.amazonaws.com", "x-amz-date", "20150830T123600Z");

    private static SigV4Check.Request request(String method, String query) {
        return new SigV4Check.Request(method, "/", query, name -> HEADERS.get(name.toLowerCase(java.util.Locale.ROOT)), new byte[0]);
    }

    private static String sign(String method, String query) {
        return SigV4Check.signature(SECRET, CLAIM, SigV4Check.canonicalRequest(CLAIM, request(method, query)), "20150830T123600Z");
    }

    @Test
    void getVanillaCanonicalRequestAndSignatureAreTheSuites() {
        assertThat(SigV4Check.canonicalRequest(CLAIM, request("GET", null))).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4Check.hex(SigV4Check.sha256(SigV4Check.canonicalRequest(CLAIM, request("GET", null))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEqualTo("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(sign("GET", null)).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void postVanillaAndTheQueryOrderCasesAreTheSuites() {
        assertThat(sign("POST", null)).isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
        assertThat(sign("GET", "Param2=value2&Param1=value1")).isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
        assertThat(sign("GET", "Param1=value2&Param1=value1")).as("get-vanilla-query-order-value")
                .isEqualTo("5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694");
    }

    @Test
    void verifiesTheHeaderAndRefusesAnotherSecretOrAStaleDate() throws Exception {
        String authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        SigV4Check.Claim claim = SigV4Check.claim(authorization);
        assertThat(claim.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        SigV4Check then = new SigV4Check(Clock.fixed(Instant.parse("2015-08-30T12:40:00Z"), ZoneOffset.UTC));
        then.verify(claim, SECRET, request("GET", null));
        assertThatThrownBy(() -> then.verify(claim, SECRET.replace('w', 'W'), request("GET", null)))
                .isInstanceOfSatisfying(SigV4Check.Rejected.class, e -> assertThat(e.type).isEqualTo("InvalidSignatureException"));
        assertThatThrownBy(() -> then.verify(claim, SECRET, request("POST", null))).isInstanceOf(SigV4Check.Rejected.class);
        SigV4Check later = new SigV4Check(Clock.fixed(Instant.parse("2015-08-30T13:00:00Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(claim, SECRET, request("GET", null)))
                .isInstanceOfSatisfying(SigV4Check.Rejected.class, e -> assertThat(e.getMessage()).startsWith("Signature expired"));
        assertThatThrownBy(() -> SigV4Check.claim("AWS4-HMAC-SHA256 Credential=AKID/2015/us-east-1/service, Signature=00"))
                .isInstanceOf(SigV4Check.Rejected.class);
    }

    @Test
    void encodesPathsOnceMoreForEveryServiceButS3() {
        assertThat(SigV4Check.encode("/model/anthropic.claude%3A0/converse", false)).isEqualTo("/model/anthropic.claude%253A0/converse");
        assertThat(SigV4Check.encode("a b~c", true)).isEqualTo("a%20b~c");
    }
}
