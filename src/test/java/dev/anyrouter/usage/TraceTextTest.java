package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceTextTest {
    private static final String[] PIECES = {"", "a", "\"", "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u00e4", "\u20ac",
        "\ud83d\ude00", "</script>", "'", "/", "\u2028", " ", "429 cool-down 20 s", "openai/gpt-4.1-mini"};

    @Test
    void writesExactlyTheTextTheMapperWritesForAnyTrace() {
        Random random = new Random(2811L);
        for (int round = 0; round < 3000; round++) {
            List<AttemptTrace> trace = new ArrayList<>();
            int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                trace.add(new AttemptTrace(text(random), text(random), text(random), random.nextLong(-5, 1L << 40),
                        random.nextInt(3) == 0 ? null : text(random)));
            }
            assertThat(TraceText.of(trace)).isEqualTo(new String(Json.bytes(trace), StandardCharsets.UTF_8));
        }
        assertThat(TraceText.of(List.of())).isNull();
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) s.append(PIECES[random.nextInt(PIECES.length)]);
        return s.toString();
    }
}
