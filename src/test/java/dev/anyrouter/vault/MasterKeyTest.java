package dev.anyrouter.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    private static final CredentialBinding ROW = new CredentialBinding("acct", "row", "anthropic");
    private static final String PLAINTEXT = "sk-ant-api03-plaintextForMasterKeyTest";

    @TempDir
    Path dataDir;

    @Test
    void createsTheFileOwnerOnlyAndReusesItOnTheNextLoad() throws Exception {
        MasterKey.LoadedMasterKey first = MasterKey.load(Map.of(), dataDir);
        Path file = dataDir.resolve("master-key.json");

        assertThat(first.created()).isTrue();
        assertThat(first.source()).isEqualTo(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        SealedCredential sealed = KeyVault.fromMasterKey(first.key()).seal(Secret.of(PLAINTEXT), ROW);
        MasterKey.LoadedMasterKey second = MasterKey.load(Map.of(), dataDir);

        assertThat(second.created()).isFalse();
        assertThat(second.key().primaryVersion()).isEqualTo(first.key().primaryVersion());
        assertThat(KeyVault.fromMasterKey(second.key()).open(sealed, ROW).reveal()).isEqualTo(PLAINTEXT);
    }

    @Test
    void createsAMissingDataDirectoryOwnerOnly() throws Exception {
        Path nested = dataDir.resolve("fresh/data");

        MasterKey.load(Map.of(), nested);

        assertThat(Files.exists(nested.resolve("master-key.json"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        MasterKey.load(Map.of(), dataDir);
        Path file = dataDir.resolve("master-key.json");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKey.load(Map.of(), dataDir))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("accessible by other users")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void theEnvironmentWinsOverTheFileAndAcceptsPlainOrBase64Json() throws Exception {
        String json = keysetJson();
        MasterKey fromFile = MasterKey.load(Map.of(), dataDir).key();

        MasterKey.LoadedMasterKey plain = MasterKey.load(Map.of(MasterKey.ENV_VAR, json), dataDir);
        MasterKey.LoadedMasterKey encoded = MasterKey.load(
                Map.of(MasterKey.ENV_VAR, Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))),
                dataDir);

        assertThat(plain.source()).isEqualTo("env");
        assertThat(plain.created()).isFalse();
        assertThat(plain.key().primaryVersion()).isNotEqualTo(fromFile.primaryVersion());
        SealedCredential sealed = KeyVault.fromMasterKey(plain.key()).seal(Secret.of(PLAINTEXT), ROW);
        assertThat(KeyVault.fromMasterKey(encoded.key()).open(sealed, ROW).reveal()).isEqualTo(PLAINTEXT);
    }

    @Test
    void aBlankEnvironmentVariableCountsAsUnset() {
        MasterKey.LoadedMasterKey loaded = MasterKey.load(Map.of(MasterKey.ENV_VAR, "  "), dataDir);

        assertThat(loaded.source()).endsWith("master-key.json");
        assertThat(loaded.created()).isTrue();
    }

    @Test
    void anInvalidEnvironmentKeysetFailsClearlyWithoutEchoingIt() {
        String notBase64 = "this-is-not*a~keyset-SECRETISH";
        String base64OfGarbage = Base64.getEncoder().encodeToString("{\"primaryKeyId\": SECRETISH".getBytes());
        String wrongJson = "{\"primaryKeyId\": 1, \"key\": [], \"SECRETISH\": true}";

        for (String value : new String[] {notBase64, base64OfGarbage, wrongJson}) {
            VaultException failure = catchThrowableOfType(VaultException.class,
                    () -> MasterKey.load(Map.of(MasterKey.ENV_VAR, value), dataDir));

            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains(MasterKey.ENV_VAR).doesNotContain("SECRETISH");
            assertThat(failure.getCause()).isNull();
        }
    }

    @Test
    void anInvalidKeyFileFailsClearly() throws Exception {
        Path file = dataDir.resolve("master-key.json");
        Files.writeString(file, "{not json", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> MasterKey.load(Map.of(), dataDir))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not hold a valid Tink JSON keyset")
                .hasMessageNotContaining("{not json");
    }

    @Test
    void rotationIsWrittenBackAndOldVersionsStillOpen() throws Exception {
        MasterKey original = MasterKey.load(Map.of(), dataDir).key();
        SealedCredential sealed = KeyVault.fromMasterKey(original).seal(Secret.of(PLAINTEXT), ROW);

        MasterKey rotated = original.rotate();
        MasterKey reloaded = MasterKey.load(Map.of(), dataDir).key();
        Path file = dataDir.resolve("master-key.json");

        assertThat(reloaded.primaryVersion()).isEqualTo(rotated.primaryVersion()).isNotEqualTo(original.primaryVersion());
        assertThat(reloaded.versions()).containsExactlyInAnyOrder(original.primaryVersion(), rotated.primaryVersion());
        assertThat(KeyVault.fromMasterKey(reloaded).open(sealed, ROW).reveal()).isEqualTo(PLAINTEXT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.exists(dataDir.resolve("master-key.json.tmp"))).isFalse();
    }

    @Test
    void aKeyFromTheEnvironmentCannotBeRotatedInPlace() throws Exception {
        MasterKey fromEnv = MasterKey.load(Map.of(MasterKey.ENV_VAR, keysetJson()), dataDir).key();

        assertThatThrownBy(fromEnv::rotate)
                .isInstanceOf(VaultException.class)
                .hasMessageContaining(MasterKey.ENV_VAR)
                .hasMessageContaining("master-key.json");
    }

    @Test
    void toStringNeverShowsKeyBytes() throws Exception {
        MasterKey.LoadedMasterKey loaded = MasterKey.load(Map.of(), dataDir);
        JsonNode keyset = new ObjectMapper().readTree(Files.readString(dataDir.resolve("master-key.json")));
        String keyValue = keyset.get("key").get(0).get("keyData").get("value").asText();

        assertThat(keyValue).isNotBlank();
        assertThat(loaded.toString()).doesNotContain(keyValue).contains("redacted");
        assertThat(loaded.key().toString()).doesNotContain(keyValue)
                .isEqualTo("MasterKey[redacted, primaryVersion="
                        + Integer.toUnsignedString(loaded.key().primaryVersion()) + "]");
    }

    /** A keyset made elsewhere, the way an operator would put one into the environment. */
    private static String keysetJson() throws Exception {
        com.google.crypto.tink.aead.AeadConfig.register();
        return com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(
                com.google.crypto.tink.KeysetHandle.generateNew(
                        com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM),
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
    }
}
