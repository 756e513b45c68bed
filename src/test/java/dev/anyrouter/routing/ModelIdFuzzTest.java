package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.providers.ProviderCatalog;
import java.util.Optional;

/**
 * The model id and preset name parsing on any text: the length check, the preset name syntax, the
 * virtual models and the catalog's resolution never throw but the limit's refusal, which never
 * quotes the id; a resolved id names a catalog provider.
 */
class ModelIdFuzzTest {
    private static final ModelResolver RESOLVER = new ModelResolver(ProviderCatalog.loadDefault());
    private static final ModelIdLimits LIMITS = new ModelIdLimits(256, 16);

    @FuzzTest(maxDuration = "10s")
    void anyModelIdIsCheckedResolvedOrRefusedCleanly(FuzzedDataProvider data) {
        String id = data.consumeRemainingAsString();
        try {
            assertThat(LIMITS.check("model", id)).isSameAs(id);
        } catch (MalformedJsonException refused) {
            assertThat(id.isBlank() || id.length() > 256).isTrue();
            if (id.length() > 8) assertThat(refused.getMessage()).doesNotContain(id);
            return;
        }
        Optional<String> preset = Preset.nameIn(id);
        if (preset.isPresent()) {
            assertThat(Preset.PREFIX + preset.get()).isEqualTo(id);
            if (Preset.validName(preset.get())) assertThat(preset.get()).matches("[a-z0-9][a-z0-9._-]{0,63}");
            return;
        }
        VirtualModel.of(id);
        RESOLVER.resolve(id).ifPresent(ref -> assertThat(ref.provider()).isNotNull());
    }
}
