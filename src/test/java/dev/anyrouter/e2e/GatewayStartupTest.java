package dev.anyrouter.e2e;

import dev.anyrouter.app.Gateway;
import dev.anyrouter.config.InvalidSettingsException;
import dev.anyrouter.config.SettingsLoader;
import dev.anyrouter.vault.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up: the master key is created safely, and a wrong one stops the gateway with a clear line. */
class GatewayStartupTest {
    @TempDir
    Path dataDir;

    @Test
    void createsAPrivateMasterKeyAndRefusesToStartWithAnotherOne() throws Exception {
        String canary = "sk-mock-restart-7777";
        String apiKey;
        try (Stack stack = new Stack(dataDir)) {
            apiKey = stack.signup("restart@example.com");
            assertThat(stack.addKey(apiKey, canary, "kept").status()).isEqualTo(201);
        }
        Path masterFile = dataDir.resolve(MasterKey.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(masterFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        // The same data dir and master key: the stored key still opens and serves (the new mock
        // listens elsewhere, so point the key at it first).
        try (Stack again = new Stack(dataDir)) {
            String id = again.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
            assertThat(again.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"base_url\":\"" + again.mockBase() + "\"}").status())
                    .isEqualTo(200);
            String chat = "{\"model\":\"openai/gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertThat(again.call("POST", "/api/v1/chat/completions", apiKey, chat).status()).isEqualTo(200);
        }

        // Another master key: start-up stops with one clear line and no key material.
        Files.move(masterFile, dataDir.resolve("master-key.json.bak"));
        var settings = SettingsLoader.load(Map.of("port", "0", "data", dataDir.toString()), Map.of());
        assertThatThrownBy(() -> Gateway.start(settings, Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("master key does not match this database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(canary).doesNotContain("\n"));
    }

    @Test
    void refusesAMasterKeyFileOthersCanRead() throws Exception {
        try (Stack stack = new Stack(dataDir)) {
            assertThat(stack.signup("perm@example.com")).startsWith("sk-ar-");
        }
        Path masterFile = dataDir.resolve(MasterKey.FILE_NAME);
        Files.setPosixFilePermissions(masterFile, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OTHERS_READ));
        var settings = SettingsLoader.load(Map.of("port", "0", "data", dataDir.toString()), Map.of());
        assertThatThrownBy(() -> Gateway.start(settings, Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageStartingWith("master key:");
    }

    @Test
    void theDataDirIsCreatedOwnerOnlyAndTheDatabaseFile0600() throws Exception {
        Path data = dataDir.resolve("fresh/data");
        try (LogCapture logs = LogCapture.attach(); Stack stack = new Stack(data)) {
            assertThat(stack.signup("modes@example.com")).startsWith("sk-ar-");
            assertThat(logs.lines()).noneMatch(l -> l.contains("can be read by other users"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("anyrouter.db")))).isEqualTo("rw-------");
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).doesNotContain("r--r");
            }
        }
    }

    @Test
    void aDataDirAndDatabaseOthersCanReadAreReportedOneLineEach() throws Exception {
        Path data = dataDir.resolve("open");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(data.resolve("anyrouter.db"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try (LogCapture logs = LogCapture.attach(); Stack stack = new Stack(data)) {
            assertThat(logs.lines()).filteredOn(l -> l.contains("can be read by other users")).hasSize(2)
                    .anySatisfy(l -> assertThat(l).contains("data dir").contains("chmod 700 " + data))
                    .anySatisfy(l -> assertThat(l).contains("database file").contains("chmod 600 " + data.resolve("anyrouter.db")))
                    .allSatisfy(l -> assertThat(l).doesNotContain("\n"));
        }
    }

    @Test
    void theMasterKeyMayLiveOutsideTheDataDir() throws Exception {
        Path keyFile = dataDir.resolve("secrets/anyrouter/master.json");
        Path data = dataDir.resolve("data");
        String apiKey;
        try (Stack stack = new Stack(data, Map.of("master-key-file", keyFile.toString()))) {
            apiKey = stack.signup("keyfile@example.com");
            assertThat(stack.addKey(apiKey, "sk-mock-keyfile-1234", "kept").status()).isEqualTo(201);
        }
        assertThat(Files.exists(data.resolve(MasterKey.FILE_NAME))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        try (Stack again = new Stack(data, Map.of("master-key-file", keyFile.toString()))) {
            String id = again.call("GET", "/api/v1/byok", apiKey, null).json().at("/data/0/id").asText();
            assertThat(again.call("PATCH", "/api/v1/byok/" + id, apiKey, "{\"base_url\":\"" + again.mockBase() + "\"}").status())
                    .as("the stored key opens with the key file").isEqualTo(200);
        }
        // Without the file the data dir's own (new) key does not match: the start is refused, naming nothing secret.
        var settings = SettingsLoader.load(Map.of("port", "0", "data", data.toString()), Map.of());
        assertThatThrownBy(() -> Gateway.start(settings, Map.of())).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("master key does not match");
    }
}
