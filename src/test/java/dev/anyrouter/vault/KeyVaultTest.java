package dev.anyrouter.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyVaultTest {

    private static final String PLAINTEXT = "sk-proj-THISisAplaintextKEY0123456789abcdef";
    private static final CredentialBinding ROW = new CredentialBinding("acct-1", "row-1", "openai");

    private final MasterKey master = MasterKey.generate();
    private final KeyVault vault = KeyVault.fromMasterKey(master);

    @Test
    void opensWhatItSealed() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);

        assertThat(vault.open(sealed, ROW).reveal()).isEqualTo(PLAINTEXT);
        assertThat(sealed.keyVersion()).isEqualTo(master.primaryVersion());
    }

    @Test
    void sealingTheSameKeyTwiceGivesDifferentCiphertextsAndDifferentWrappedKeys() {
        SealedCredential first = vault.seal(Secret.of(PLAINTEXT), ROW);
        SealedCredential second = vault.seal(Secret.of(PLAINTEXT), ROW);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
    }

    @Test
    void theDataKeyComesFromTheInjectedRandomAndIsWrappedByThePrimaryVersion() throws Exception {
        SecureRandom expected = seeded(7);
        byte[] firstKey = new byte[32];
        byte[] secondKey = new byte[32];
        expected.nextBytes(firstKey);
        expected.nextBytes(secondKey);
        KeyVault seededVault = KeyVault.fromMasterKey(master, seeded(7));

        SealedCredential first = seededVault.seal(Secret.of(PLAINTEXT), ROW);
        SealedCredential second = seededVault.seal(Secret.of(PLAINTEXT), ROW);

        assertThat(unwrapped(first)).isEqualTo(firstKey);
        assertThat(unwrapped(second)).isEqualTo(secondKey).isNotEqualTo(firstKey);
    }

    @Test
    void aCredentialMovedToAnotherRowDoesNotOpen() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);

        for (CredentialBinding elsewhere : new CredentialBinding[] {
            new CredentialBinding("acct-1", "row-2", "openai"),
            new CredentialBinding("acct-2", "row-1", "openai"),
            new CredentialBinding("acct-1", "row-1", "groq"),
        }) {
            assertThatThrownBy(() -> vault.open(sealed, elsewhere))
                    .isInstanceOf(VaultException.class)
                    .hasMessageContaining("does not open");
        }
    }

    @Test
    void aRowWhoseDestinationChangedDoesNotOpenUntilItIsSealedForTheNewOne() {
        CredentialBinding home = new CredentialBinding("acct-1", "row-1", "openai", "https://api.openai.com/v1",
                java.util.Map.of("OpenAI-Organization", "org-1"));
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), home);
        CredentialBinding moved = new CredentialBinding("acct-1", "row-1", "openai", "https://attacker.example/v1", home.headers());
        CredentialBinding reheadered = new CredentialBinding("acct-1", "row-1", "openai", home.baseUrl(),
                java.util.Map.of("OpenAI-Organization", "org-2"));
        CredentialBinding bare = new CredentialBinding("acct-1", "row-1", "openai");

        for (CredentialBinding other : java.util.List.of(moved, reheadered, bare)) {
            VaultException e = catchThrowableOfType(VaultException.class, () -> vault.open(sealed, other));
            assertThat(e.getMessage()).contains("does not open").contains("base URL or headers").doesNotContain(PLAINTEXT)
                    .doesNotContain("attacker").doesNotContain("org-");
        }
        assertThat(vault.open(sealed, new CredentialBinding("acct-1", "row-1", "openai", home.baseUrl(),
                java.util.Map.of("openai-organization", "org-1"))).reveal()).as("header names in any case").isEqualTo(PLAINTEXT);
        assertThat(vault.open(vault.seal(vault.open(sealed, home), moved), moved).reveal()).isEqualTo(PLAINTEXT);
    }

    @Test
    void aRowSealedBeforeDestinationsWereBoundIsResealedWithItsDestination() throws Exception {
        CredentialBinding row = new CredentialBinding("acct-1", "row-1", "openai", "https://api.openai.com/v1", java.util.Map.of());
        SealedCredential legacy = LegacySeals.seal(master, PLAINTEXT, row);
        assertThatThrownBy(() -> vault.open(legacy, row)).isInstanceOf(VaultException.class);

        SealedCredential bound = vault.bindDestination(legacy, row);
        assertThat(vault.open(bound, row).reveal()).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> vault.bindDestination(bound, row)).as("only legacy seals").isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> vault.bindDestination(LegacySeals.seal(master, PLAINTEXT, new CredentialBinding("acct-2", "row-1",
                "openai")), row)).as("another row's").isInstanceOf(VaultException.class);
    }

    @Test
    void theProbeSaysWhetherTheRowsPredateTheBinding() throws Exception {
        assertThat(vault.readProbe(vault.probe())).isEqualTo(KeyVault.ProbeResult.CURRENT);
        assertThat(vault.readProbe(LegacySeals.probe(master))).isEqualTo(KeyVault.ProbeResult.BEFORE_DESTINATIONS);
        assertThat(vault.opensProbe(LegacySeals.probe(master))).isTrue();
        KeyVault other = KeyVault.fromMasterKey(MasterKey.generate());
        assertThat(other.readProbe(vault.probe())).isEqualTo(KeyVault.ProbeResult.OTHER_KEY);
        assertThat(other.readProbe(LegacySeals.probe(master))).isEqualTo(KeyVault.ProbeResult.OTHER_KEY);
        String probe = vault.probe();
        assertThat(vault.readProbe("v1" + probe.substring(2))).as("a v2 probe relabelled v1").isEqualTo(KeyVault.ProbeResult.OTHER_KEY);
    }

    @Test
    void bindingFieldsCannotBeShiftedIntoEachOther() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), new CredentialBinding("ab", "c", "openai"));

        assertThatThrownBy(() -> vault.open(sealed, new CredentialBinding("a", "bc", "openai")))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void aWrappedKeySwappedBetweenTwoRowsDoesNotOpenEither() {
        CredentialBinding otherRow = new CredentialBinding("acct-1", "row-2", "openai");
        SealedCredential one = vault.seal(Secret.of(PLAINTEXT), ROW);
        SealedCredential two = vault.seal(Secret.of("sk-proj-anotherKEYforROWtwo0000000000"), otherRow);

        SealedCredential oneWithTwosKey = new SealedCredential(one.ciphertext(), two.wrappedKey(), two.keyVersion());
        SealedCredential twoWithOnesKey = new SealedCredential(two.ciphertext(), one.wrappedKey(), one.keyVersion());

        assertThatThrownBy(() -> vault.open(oneWithTwosKey, ROW)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> vault.open(twoWithOnesKey, otherRow)).isInstanceOf(VaultException.class);
    }

    @Test
    void ciphertextAndWrappedKeyCannotStandInForEachOther() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);
        SealedCredential swapped = new SealedCredential(sealed.wrappedKey(), sealed.ciphertext(), sealed.keyVersion());

        assertThatThrownBy(() -> vault.open(swapped, ROW)).isInstanceOf(VaultException.class);
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[bytes.length / 2] ^= 1;
        SealedCredential altered =
                new SealedCredential(Base64.getEncoder().encodeToString(bytes), sealed.wrappedKey(), sealed.keyVersion());

        assertThatThrownBy(() -> vault.open(altered, ROW)).isInstanceOf(VaultException.class);
    }

    @Test
    void aWrongMasterKeyFailsAndDoesNotOpenTheProbe() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);
        String probe = vault.probe();
        KeyVault stranger = KeyVault.fromMasterKey(MasterKey.generate());

        assertThatThrownBy(() -> stranger.open(sealed, ROW))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("master key");
        assertThat(stranger.opensProbe(probe)).isFalse();
        assertThat(vault.opensProbe(probe)).isTrue();
    }

    @Test
    void aWrongRecordedVersionDoesNotOpenEvenWhenThatVersionExists() {
        MasterKey rotated = master.rotate();
        KeyVault vaultAfter = KeyVault.fromMasterKey(rotated);
        SealedCredential sealedUnderOld = vault.seal(Secret.of(PLAINTEXT), ROW);
        SealedCredential mislabelled = new SealedCredential(
                sealedUnderOld.ciphertext(), sealedUnderOld.wrappedKey(), rotated.primaryVersion());

        assertThatThrownBy(() -> vaultAfter.open(mislabelled, ROW)).isInstanceOf(VaultException.class);
    }

    @Test
    void probeIsRejectedWhenMalformed() {
        assertThat(vault.opensProbe(null)).isFalse();
        assertThat(vault.opensProbe("")).isFalse();
        assertThat(vault.opensProbe("v1:notanumber:a:b")).isFalse();
        assertThat(vault.opensProbe("v2:1:a:b")).isFalse();
        assertThat(vault.opensProbe("v1:1:!!!:???")).isFalse();
    }

    @Test
    void afterRotationOldSealsStillOpenAndNewSealsUseTheNewVersion() {
        SealedCredential beforeRotation = vault.seal(Secret.of(PLAINTEXT), ROW);
        String probeBefore = vault.probe();

        MasterKey rotated = master.rotate();
        KeyVault after = KeyVault.fromMasterKey(rotated);
        SealedCredential afterRotation = after.seal(Secret.of(PLAINTEXT), ROW);

        assertThat(rotated.primaryVersion()).isNotEqualTo(master.primaryVersion());
        assertThat(rotated.versions()).containsExactlyInAnyOrder(master.primaryVersion(), rotated.primaryVersion());
        assertThat(after.open(beforeRotation, ROW).reveal()).isEqualTo(PLAINTEXT);
        assertThat(after.opensProbe(probeBefore)).isTrue();
        assertThat(afterRotation.keyVersion()).isEqualTo(rotated.primaryVersion());
        assertThat(after.currentKeyVersion()).isEqualTo(rotated.primaryVersion());
        // The old master key cannot open what the new primary wrapped.
        assertThatThrownBy(() -> vault.open(afterRotation, ROW))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("does not hold");
    }

    @Test
    void rewrapMovesARowToTheCurrentVersionAndKeepsItsCiphertext() {
        SealedCredential old = vault.seal(Secret.of(PLAINTEXT), ROW);
        KeyVault after = KeyVault.fromMasterKey(master.rotate());

        SealedCredential moved = after.rewrap(old, ROW);

        assertThat(moved.keyVersion()).isEqualTo(after.currentKeyVersion());
        assertThat(moved.ciphertext()).isEqualTo(old.ciphertext());
        assertThat(after.open(moved, ROW).reveal()).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> after.rewrap(old, new CredentialBinding("acct-1", "row-9", "openai")))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void noMessageOrStringFormEverContainsThePlaintext() {
        SealedCredential sealed = vault.seal(Secret.of(PLAINTEXT), ROW);
        KeyVault stranger = KeyVault.fromMasterKey(MasterKey.generate());
        VaultException wrongKey = catchThrowableOfType(VaultException.class, () -> stranger.open(sealed, ROW));
        VaultException wrongRow = catchThrowableOfType(VaultException.class,
                () -> vault.open(sealed, new CredentialBinding("acct-1", "row-2", "openai")));
        VaultException badBase64 = catchThrowableOfType(VaultException.class,
                () -> vault.open(new SealedCredential(PLAINTEXT + "!", sealed.wrappedKey(), sealed.keyVersion()), ROW));

        String everything = String.join("\n", Secret.of(PLAINTEXT).toString(), sealed.toString(), vault.toString(),
                master.toString(), describe(wrongKey), describe(wrongRow), describe(badBase64));

        assertThat(everything).doesNotContain(PLAINTEXT).doesNotContain(PLAINTEXT.substring(8, 20));
        assertThat(everything).doesNotContain(sealed.ciphertext()).doesNotContain(sealed.wrappedKey());
        assertThat(sealed.toString()).isEqualTo("SealedCredential[keyVersion="
                + Integer.toUnsignedString(sealed.keyVersion()) + "]");
    }

    @Test
    void roundTripsAndRowBindingHoldOverManySeededRandomCases() {
        Random random = new Random(20240611L);
        for (int i = 0; i < 200; i++) {
            String plaintext = randomText(random, 1 + random.nextInt(300));
            CredentialBinding binding = new CredentialBinding(
                    randomText(random, 1 + random.nextInt(20)), "row-" + random.nextInt(1000), "p" + random.nextInt(5));
            SealedCredential sealed = vault.seal(Secret.of(plaintext), binding);

            assertThat(vault.open(sealed, binding).reveal()).isEqualTo(plaintext);
            CredentialBinding moved = new CredentialBinding(binding.accountId(), binding.rowId() + "x", binding.provider());
            assertThatThrownBy(() -> vault.open(sealed, moved)).isInstanceOf(VaultException.class);
        }
    }

    private byte[] unwrapped(SealedCredential sealed) throws Exception {
        return master.primaryAead().decrypt(Base64.getDecoder().decode(sealed.wrappedKey()), AssociatedData.dataKey(ROW));
    }

    private static String describe(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            all.append(cause).append('\n');
        }
        return all.toString();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int codePoint = random.nextInt(10) == 0 ? 0x4E00 + random.nextInt(500) : 0x21 + random.nextInt(94);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
