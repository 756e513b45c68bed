package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.vault.Secret;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Why a key could not be checked, as the add-key dialog says it: in words, with host and port, never a Java class name. */
class KeyValidatorReasonTest {
    private static final Provider OPENAI = ProviderCatalog.loadDefault().find("openai").orElseThrow();

    @Test
    void anUnreachableBaseUrlIsToldInWordsWithItsPortAndNoClassName() {
        // Netty's AnnotatedConnectException is a ConnectException whose class name the dialog used to show.
        class AnnotatedConnectException extends ConnectException {
            AnnotatedConnectException() {
                super("Connection refused: /127.0.0.1:1");
            }
        }
        String reason = KeyValidator.unreachableReason(target("http://127.0.0.1:1/v1"), new AnnotatedConnectException());
        assertThat(reason).isEqualTo("OpenAI could not be reached at 127.0.0.1:1 (the connection was refused): check the base URL,"
                + " and that the server is running and reachable from here").doesNotContain("Exception");
    }

    @Test
    void eachKindOfFailureHasItsWordsAndADefaultPortIsNamed() {
        assertThat(KeyValidator.unreachableReason(target("https://api.example.test/v1"), new UnknownHostException("api.example.test")))
                .contains("api.example.test:443 (the host name does not resolve)");
        assertThat(KeyValidator.unreachableReason(target("http://10.0.0.1/v1"), new RuntimeException(new TimeoutException())))
                .contains("10.0.0.1:80 (no answer in time)");
        assertThat(KeyValidator.unreachableReason(target("https://[::1]:8443/v1"), new IllegalStateException("odd")))
                .contains("[::1]:8443 (the connection failed)").doesNotContain("IllegalState");
    }

    private static UpstreamTarget target(String base) {
        return new UpstreamTarget(OPENAI, URI.create(base), Secret.of("sk-test"), Map.of());
    }
}
