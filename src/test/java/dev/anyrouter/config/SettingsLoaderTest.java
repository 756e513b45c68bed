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
    void theDrainDeadlineDefaultsTo25SecondsIsASettingAndCannotBeNegative() {
        assertThat(SettingsLoader.load(Map.of(), Map.of()).drainDeadline()).isEqualTo(java.time.Duration.ofSeconds(25));
        assertThat(SettingsLoader.load(Map.of("drain-deadline-ms", "1500"), Map.of()).drainDeadline())
                .isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(SettingsLoader.load(Map.of(), Map.of("ANYROUTER_DRAIN_DEADLINE_MS", "0")).drainDeadline())
                .as("0: open requests are ended at once").isZero();
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("drain-deadline-ms", "-1"), Map.of()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("drain deadline must not be negative");
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
        assertThat(defaults.upstreamEventBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(defaults.upstreamHeldBytes()).isEqualTo(16L * 1024 * 1024);
        Limits set = SettingsLoader.load(Map.of("max-request-bytes", "2048", "max-model-id-length", "64"),
                Map.of("ANYROUTER_MAX_MANAGEMENT_REQUEST_BYTES", "4096", "ANYROUTER_MAX_REQUEST_MODELS", "4",
                        "ANYROUTER_REQUEST_HEADER_TIMEOUT_MS", "5000", "ANYROUTER_CONNECTION_IDLE_TIMEOUT_MS", "7000",
                        "ANYROUTER_MAX_KEY_MODELS", "10", "ANYROUTER_MAX_UPSTREAM_ANSWER_BYTES", "65536",
                        "ANYROUTER_MAX_UPSTREAM_EVENT_BYTES", "4096", "ANYROUTER_MAX_UPSTREAM_HELD_BYTES", "8192")).limits();
        assertThat(set).isEqualTo(new Limits(2048, 4096, 64, 4, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(7), 10,
                65536, 4096, 8192));
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("max-upstream-event-bytes", "8192", "max-upstream-held-bytes", "4096"),
                Map.of())).hasMessageContaining("held bytes");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("request-header-timeout-ms", "10"), Map.of()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("request header timeout");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("max-request-models", "0"), Map.of()))
                .hasMessageContaining("max request models");
    }

    @Test
    void signInSettingsHaveTheirDocumentedDefaultsAndComeFromTheEnvironment(@TempDir Path dir) {
        Settings.SignIn defaults = SettingsLoader.load(Map.of(), Map.of()).signIn();
        assertThat(defaults.sessionIdle()).isEqualTo(java.time.Duration.ofHours(8));
        assertThat(defaults.sessionLifetime()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(defaults.maxFailures()).isEqualTo(10);
        assertThat(defaults.failureWindow()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(defaults.secureCookies()).isFalse();
        assertThat(defaults.trustedProxies()).isEmpty();
        Path key = dir.resolve("elsewhere/master-key.json");
        Settings set = SettingsLoader.load(Map.of(), Map.of("ANYROUTER_LOGIN_MAX_FAILURES", "3", "ANYROUTER_LOGIN_WINDOW_S", "60",
                "ANYROUTER_SESSION_IDLE_TIMEOUT_S", "600", "ANYROUTER_SESSION_LIFETIME_S", "3600",
                "ANYROUTER_PUBLIC_URL", "https://router.example.com", "ANYROUTER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8",
                "ANYROUTER_MASTER_KEY_FILE", key.toString()));
        assertThat(set.signIn()).isEqualTo(new Settings.SignIn(java.time.Duration.ofMinutes(10), java.time.Duration.ofHours(1), true, 3,
                java.time.Duration.ofSeconds(60), defaults.hashPermits(), java.util.List.of("127.0.0.1", "10.0.0.0/8")));
        assertThat(set.masterKeyFile()).isEqualTo(key.toAbsolutePath().normalize());
        assertThat(SettingsLoader.load(Map.of("public-url", "https://router.example.com", "secure-cookies", "false"), Map.of())
                .signIn().secureCookies()).as("an explicit setting wins over the https guess").isFalse();
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of("ANYROUTER_LOGIN_MAX_FAILURES", "0")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("login max failures");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of("ANYROUTER_LOGIN_WINDOW_S", "0")))
                .hasMessageContaining("login window");
    }
}
