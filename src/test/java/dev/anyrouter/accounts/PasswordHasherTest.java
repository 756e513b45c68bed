package dev.anyrouter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

    @Test
    void verifiesTheRightPasswordAndRejectsAWrongOne() {
        String encoded = hasher.hash("correct horse battery staple".toCharArray());
        assertThat(hasher.verify("correct horse battery staple".toCharArray(), encoded)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), encoded)).isFalse();
        assertThat(hasher.verify(new char[0], encoded)).isFalse();
    }

    @Test
    void encodesArgon2idWithItsParametersAndSalt() {
        String encoded = hasher.hash("pw".toCharArray());
        assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(6);
        assertThat(java.util.Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(java.util.Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void samePasswordHashesDifferentlyEachTimeAndBothVerify() {
        String first = hasher.hash("same".toCharArray());
        String second = hasher.hash("same".toCharArray());
        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
        assertThat(hasher.verify("same".toCharArray(), first)).isTrue();
        assertThat(hasher.verify("same".toCharArray(), second)).isTrue();
    }

    @Test
    void roundTripsSeededRandomUnicodePasswords() {
        Random random = new Random(20_251_127L);
        for (int i = 0; i < 5; i++) {
            char[] password = new char[1 + random.nextInt(40)];
            for (int j = 0; j < password.length; j++) {
                password[j] = (char) (0x20 + random.nextInt(0x3000));
            }
            String encoded = hasher.hash(password);
            assertThat(hasher.verify(password, encoded)).as("case %d", i).isTrue();
            password[random.nextInt(password.length)] ^= 1;
            assertThat(hasher.verify(password, encoded)).as("altered case %d", i).isFalse();
        }
    }

    @Test
    void malformedOrOutOfBoundsHashesNeverVerify() {
        String good = hasher.hash("pw".toCharArray());
        assertThat(hasher.verify("pw".toCharArray(), null)).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), good.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), good.replace("m=19456", "m=99999999"))).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), good.replace("t=2", "t=x"))).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), good + "$extra")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), good.substring(0, good.lastIndexOf('$')) + "$!!!")).isFalse();
    }

    @Test
    void verifiesHashesMadeWithOtherParametersAndNoticesTamperedOnes() {
        // Parameters travel with the hash, so raising the defaults later keeps old hashes valid.
        byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var params = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(8192).withIterations(1).withParallelism(2).withSalt(salt).build();
        var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[24];
        generator.generateBytes("old".toCharArray(), out);
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        String encoded = "$argon2id$v=19$m=8192,t=1,p=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);

        assertThat(hasher.verify("old".toCharArray(), encoded)).isTrue();
        assertThat(hasher.verify("old".toCharArray(), encoded.replace("t=1", "t=2"))).isFalse();
    }
}
