package dev.anyrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @Test
    void defaultsToLoopbackPort8080AndSqliteUnderData() {
        Settings s = SettingsLoader.load(Map.of(), Map.of());
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("data/anyrouter.db");
        assertThat(s.allowPrivateUpstreams()).isFalse();
        assertThat(s.baseUrl(8080)).isEqualTo("http://127.0.0.1:8080/api/v1");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("anyrouter.yaml");
        Files.writeString(file, "port: 7000\nhost: 0.0.0.0\nallow-private-upstreams: true\n");
        Settings s = SettingsLoader.load(Map.of("config", file.toString(), "port", "9000"),
                Map.of("ANYROUTER_PORT", "8000", "ANYROUTER_HOST", "::1"));
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.allowPrivateUpstreams()).isTrue();
    }

    @Test
    void invalidSettingsStopWithOneClearLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("port", "eighty"), Map.of()))
                .isInstanceOf(InvalidSettingsException.class).hasMessage("port must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("port", "70000"), Map.of()))
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of("ANYROUTER_DATABASE_URL", "jdbc:mysql://x")))
                .hasMessageContaining("jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of("ANYROUTER_ALLOW_PRIVATE_UPSTREAMS", "maybe")))
                .hasMessageContaining("true or false");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "colour: blue\n");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("config", file.toString()), Map.of()))
                .hasMessage("unknown setting 'colour'");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("config", dir.resolve("missing.yaml").toString()), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void limitsHaveTheirDocumentedDefaultsAndEachIsASetting() {
        Limits defaults = SettingsLoader.load(Map.of(), Map.of()).limits();
        assertThat(defaults).isEqualTo(Limits.DEFAULTS);
        assertThat(defaults.inferenceBodyBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.managementBodyBytes()).isEqualTo(64L * 1024);
        assertThat(defaults.modelIdLength()).isEqualTo(256);
        assertThat(defaults.requestModels()).isEqualTo(16);
        assertThat(defaults.headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(defaults.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(600));
        assertThat(defaults.keyModels()).isEqualTo(2000);
        assertThat(defaults.upstreamAnswerBytes()).isEqualTo(32L * 1024 * 1024);
        Limits set = SettingsLoader.load(Map.of("max-request-bytes", "2048", "max-model-id-length", "64"),
                Map.of("ANYROUTER_MAX_MANAGEMENT_REQUEST_BYTES", "4096", "ANYROUTER_MAX_REQUEST_MODELS", "4",
                        "ANYROUTER_REQUEST_HEADER_TIMEOUT_MS", "5000", "ANYROUTER_CONNECTION_IDLE_TIMEOUT_MS", "7000",
                        "ANYROUTER_MAX_KEY_MODELS", "10", "ANYROUTER_MAX_UPSTREAM_ANSWER_BYTES", "65536")).limits();
        assertThat(set).isEqualTo(new Limits(2048, 4096, 64, 4, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(7), 10,
                65536));
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("request-header-timeout-ms", "10"), Map.of()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("request header timeout");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("max-request-models", "0"), Map.of()))
                .hasMessageContaining("max request models");
    }
}
