package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptBookTest {

    private static Script failing(int status, int times) {
        return new Script(status, Script.NOT_GIVEN, times, 0, 0, 0, Fault.NONE, false, 0);
    }

    @Test
    void unscriptedKeysGetTheNeutralScript() {
        assertThat(new ScriptBook().take("sk-any")).isEqualTo(Script.NONE);
    }

    @Test
    void scriptWithTimesAppliesThatManyTimesThenLapses() {
        ScriptBook book = new ScriptBook();
        book.put("k", failing(429, 2));

        assertThat(book.take("k").status()).isEqualTo(429);
        assertThat(book.take("k").status()).isEqualTo(429);
        assertThat(book.take("k")).isEqualTo(Script.NONE);
    }

    @Test
    void scriptWithoutTimesAppliesUntilReplaced() {
        ScriptBook book = new ScriptBook();
        book.put("k", failing(500, Script.UNLIMITED));
        for (int i = 0; i < 50; i++) {
            assertThat(book.take("k").status()).isEqualTo(500);
        }

        book.put("k", Script.NONE);

        assertThat(book.take("k")).isEqualTo(Script.NONE);
    }

    @Test
    void ownScriptWinsAndOnlyTheAppliedScriptCountsAUse() {
        ScriptBook book = new ScriptBook();
        book.put(ScriptBook.ANY_KEY, failing(503, 1));
        book.put("own", failing(401, 1));

        assertThat(book.take("own").status()).isEqualTo(401);
        assertThat(book.take("own").status()).isEqualTo(503);
        assertThat(book.take("other")).isEqualTo(Script.NONE);
    }

    @Test
    void refusesScriptsThatCannotBeMet() {
        assertThatThrownBy(() -> failing(42, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> failing(500, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Script(200, Script.NOT_GIVEN, Script.UNLIMITED, -1, 0, 0, Fault.NONE, false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
