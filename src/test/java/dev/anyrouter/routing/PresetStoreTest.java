package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.store.Database;
import dev.anyrouter.store.Engine;
import dev.anyrouter.store.MutableClock;
import dev.anyrouter.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class PresetStoreTest {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    @Parameter
    Engine engine;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    Database db;
    Presets presets;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        db = databases.open(engine);
        // As the gateway wires it: every node, this one too, drops a preset's cached answer when it changes.
        ChangeFeed changes = ChangeFeed.inProcess();
        presets = new Presets(new PresetStore(db, clock), clock, changes);
        changes.subscribe((change, remote) -> {
            if (change instanceof Change.PresetChanged p) presets.forget(p.accountId(), p.name());
        });
        alice = TestDatabases.createAccount(db);
        bob = TestDatabases.createAccount(db);
    }

    Preset draft(String account, String name, List<String> models) {
        ObjectNode parameters = Json.object().put("temperature", 0.25).put("max_tokens", 300);
        return new Preset("new", account, name, models, List.of("anthropic", "openai"), true, "Be brief.", parameters,
                List.of(new Preset.Pin("anthropic/claude-sonnet-4-5", "key-1", "openrouter", "anthropic/claude-sonnet-4.5")),
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aPresetIsStoredWholeAndReadBack() {
        Preset stored = presets.put(draft(alice, "fast", List.of("anthropic/claude-sonnet-4-5", "anyrouter/coding")));
        Preset read = new PresetStore(db, clock).find(alice, "fast").orElseThrow();
        assertThat(read.id()).isEqualTo(stored.id()).isNotEqualTo("new");
        assertThat(read.models()).containsExactly("anthropic/claude-sonnet-4-5", "anyrouter/coding");
        assertThat(read.providerOrder()).containsExactly("anthropic", "openai");
        assertThat(read.fallbackToCredits()).isTrue();
        assertThat(read.systemPrompt()).isEqualTo("Be brief.");
        assertThat(read.parameters().get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(read.pins()).containsExactly(new Preset.Pin("anthropic/claude-sonnet-4-5", "key-1", "openrouter",
                "anthropic/claude-sonnet-4.5"));
        assertThat(read.createdAt()).isEqualTo(clock.instant());
        assertThat(read.options().credits()).isEqualTo(RouteTarget.Credits.ALLOWED);
    }

    @Test
    void replacingKeepsTheIdAndCreationTimeAndDeletingForgetsIt() {
        Preset first = presets.put(draft(alice, "fast", List.of("openai/gpt-4o")));
        assertThat(presets.load(alice, "fast")).isPresent();
        clock.advance(Duration.ofMinutes(5));
        Preset second = presets.put(new Preset("new", alice, "fast", List.of("openai/gpt-4.1"), null, null, null, null, null,
                Instant.EPOCH, Instant.EPOCH));
        assertThat(second.id()).isEqualTo(first.id());
        Preset read = new PresetStore(db, clock).find(alice, "fast").orElseThrow();
        assertThat(read.models()).containsExactly("openai/gpt-4.1");
        assertThat(read.fallbackToCredits()).isNull();
        assertThat(read.options().credits()).isEqualTo(RouteTarget.Credits.POOL);
        assertThat(read.createdAt()).isBefore(read.updatedAt());
        assertThat(presets.cached(alice, "fast")).as("the replaced preset's cached answer is dropped").isNull();
        assertThat(presets.load(alice, "fast")).hasValueSatisfying(p -> assertThat(p.models()).containsExactly("openai/gpt-4.1"));
        assertThat(presets.cached(alice, "fast")).hasValueSatisfying(p -> assertThat(p.models()).containsExactly("openai/gpt-4.1"));
        assertThat(presets.delete(alice, "fast")).isTrue();
        assertThat(presets.delete(alice, "fast")).isFalse();
        assertThat(presets.cached(alice, "fast")).as("dropped from the cache").isNull();
        assertThat(presets.load(alice, "fast")).isEmpty();
    }

    @Test
    void anAccountSeesAndChangesOnlyItsOwnPresets() {
        presets.put(draft(alice, "fast", List.of("openai/gpt-4o")));
        presets.put(draft(bob, "fast", List.of("openai/gpt-4.1")));
        presets.put(draft(bob, "slow", List.of("openai/o3")));
        assertThat(presets.list(alice)).extracting(Preset::name).containsExactly("fast");
        assertThat(presets.list(bob)).extracting(Preset::name).containsExactly("fast", "slow");
        assertThat(presets.load(alice, "slow")).isEmpty();
        assertThat(presets.load(alice, "fast").orElseThrow().models()).containsExactly("openai/gpt-4o");
        assertThat(presets.delete(alice, "slow")).isFalse();
        assertThat(presets.load(bob, "slow")).isPresent();
    }

    @Test
    void namesAndModelIdsAreRecognised() {
        assertThat(Preset.validName("fast-code_2.1")).isTrue();
        assertThat(Preset.validName("Fast")).isFalse();
        assertThat(Preset.validName("a/b")).isFalse();
        assertThat(Preset.validName("")).isFalse();
        assertThat(Preset.nameIn("@preset/fast")).contains("fast");
        assertThat(Preset.nameIn("openai/gpt-4o")).isEmpty();
    }

    @Test
    void namesThatAreNoPresetAreRememberedOnlyUpToTheCachesBound() {
        // Before: every name looked up stayed in the cache for good, so a new name per request grew the heap.
        for (int i = 0; i < 12_000; i++) assertThat(presets.load(alice, "missing-" + i)).isEmpty();
        assertThat(presets.cachedCount()).isLessThanOrEqualTo(10_000);
        assertThat(presets.cached(alice, "missing-11999")).isEmpty(); // known not to exist: no query next time
    }
}
