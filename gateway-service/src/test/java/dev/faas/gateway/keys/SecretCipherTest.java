package dev.faas.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private final SecretCipher cipher = new SecretCipher(SecretCipher.newMasterKey());

    @Test
    void roundTrips_andNeverStoresTheSecretInTheClear() {
        byte[] stored = cipher.encrypt("AKIDone", "my-secret-key");
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("my-secret-key");
        assertThat(cipher.decrypt("AKIDone", stored)).isEqualTo("my-secret-key");
        assertThat(cipher.encrypt("AKIDone", "my-secret-key")).as("a fresh nonce each time").isNotEqualTo(stored);
    }

    @Test
    void aCiphertextMovedToAnotherKeyRow_orReadWithAnotherMasterKey_doesNotDecrypt() {
        byte[] stored = cipher.encrypt("AKIDone", "my-secret-key");
        assertThatThrownBy(() -> cipher.decrypt("AKIDtwo", stored)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher(SecretCipher.newMasterKey()).decrypt("AKIDone", stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMasterKeyThatIsNot32BytesOfBase64_isRefusedWithTheKeyName() {
        assertThatThrownBy(() -> new SecretCipher("c2hvcnQ=")).hasMessageContaining("faas.gateway.keys.master-key").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretCipher("***")).hasMessageContaining("faas.gateway.keys.master-key");
    }
}
