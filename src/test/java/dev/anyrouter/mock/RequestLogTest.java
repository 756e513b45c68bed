package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    private static ReceivedRequest request(int n) {
        return new ReceivedRequest("POST", "/v1/chat/completions", "m" + n, "abcd", false, Map.of());
    }

    @Test
    void keepsOnlyTheNewestButCountsEveryRequest() {
        RequestLog log = new RequestLog(3);
        for (int i = 0; i < 10; i++) {
            log.add(request(i));
        }

        assertThat(log.snapshot()).extracting(ReceivedRequest::model).containsExactly("m7", "m8", "m9");
        assertThat(log.total()).isEqualTo(10);
    }

    @Test
    void clearForgetsRequestsAndResetsTheCount() {
        RequestLog log = new RequestLog(3);
        log.add(request(1));

        log.clear();

        assertThat(log.snapshot()).isEmpty();
        assertThat(log.total()).isZero();
    }

    @Test
    void snapshotIsNotAffectedByLaterRequests() {
        RequestLog log = new RequestLog(3);
        log.add(request(1));
        var snapshot = log.snapshot();

        log.add(request(2));

        assertThat(snapshot).hasSize(1);
    }

    @Test
    void showsNoPartOfShortKeysAndOnlyTheLastFourOfOthers() {
        assertThat(UpstreamHandler.lastFour(null)).isNull();
        assertThat(UpstreamHandler.lastFour("short")).isEmpty();
        assertThat(UpstreamHandler.lastFour("sk-proj-0123456789")).isEqualTo("6789");
    }
}
