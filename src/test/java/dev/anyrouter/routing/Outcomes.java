package dev.anyrouter.routing;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.Outcome;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;

/** What a scripted exchange reports: the facts an upstream attempt ends with, for {@link Failover} to judge. */
final class Outcomes {
    private Outcomes() {}

    static Outcome served() {
        return new Outcome.Served(Outcome.Ending.ANSWERED, 200, null, Usage.NONE, 0, new Outcome.Timings(0, 1, 2));
    }

    /** An error answer of {@code status}, in OpenAI's error shape. */
    static Outcome answered(int status) {
        byte[] body = ("{\"error\":{\"message\":\"scripted " + status + "\",\"code\":\"scripted\"}}").getBytes(StandardCharsets.UTF_8);
        return new Outcome.NotServed(new Outcome.ErrorAnswer(status, header -> null, body));
    }

    /** A 429 asking to retry after {@code seconds}. */
    static Outcome rateLimited(int seconds) {
        return new Outcome.NotServed(new Outcome.ErrorAnswer(429, header -> header.equals("retry-after") ? Integer.toString(seconds) : null,
                "{\"error\":{\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8)));
    }

    /** No answer: the connection was refused. */
    static Outcome unreachable() {
        return new Outcome.NotServed(new Outcome.NoAnswer(new ConnectException("refused")));
    }
}
