package dev.faas.gateway.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

import dev.faas.contracts.tc3.Tc3Verifier;

/**
 * API keys: created with a random SecretId ({@code AKID} + 32 characters) and SecretKey (40 characters), the secret
 * stored encrypted, looked up for TC3 verification through a short-lived cache (another gateway replica's change is
 * seen within {@link #CACHE_TTL}). Blocking: call from a worker thread, never the event loop.
 */
@Service
public class AccessKeys implements Tc3Verifier.Keys {
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";
    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final AccessKeyRepository repository;
    private final SecretCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Tc3Verifier.Key> key, long expiresAtMillis) {
    }

    /** A key with its secret in the clear: returned once, when it is created. */
    public record NewKey(String secretId, String secretKey) {
    }

    AccessKeys(AccessKeyRepository repository, SecretCipher cipher, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.clock = clock;
    }

    public NewKey create(String ownerUin, String description) {
        String id = "AKID" + random(32);
        String secret = random(40);
        repository.insert(new AccessKeyRepository.AccessKey(id, cipher.encrypt(id, secret), ownerUin,
                description == null ? "" : description, ENABLED, clock.instant()));
        cache.remove(id);
        return new NewKey(id, secret);
    }

    public List<AccessKeyRepository.AccessKey> list() {
        return repository.ids().stream().map(repository::find).flatMap(Optional::stream).toList();
    }

    public boolean setEnabled(String secretId, boolean enabled) {
        boolean changed = repository.setStatus(secretId, enabled ? ENABLED : DISABLED);
        cache.remove(secretId);
        return changed;
    }

    public boolean delete(String secretId) {
        boolean deleted = repository.delete(secretId);
        cache.remove(secretId);
        return deleted;
    }

    public boolean isEmpty() {
        return repository.ids().isEmpty();
    }

    @Override
    public Optional<Tc3Verifier.Key> find(String secretId) {
        long now = clock.millis();
        Cached cached = cache.get(secretId);
        if (cached != null && cached.expiresAtMillis() > now) {
            return cached.key();
        }
        Optional<Tc3Verifier.Key> key = repository.find(secretId)
                .map(k -> new Tc3Verifier.Key(cipher.decrypt(k.secretId(), k.secretKeyEncrypted()), ENABLED.equals(k.status())));
        cache.put(secretId, new Cached(key, now + CACHE_TTL.toMillis()));
        return key;
    }

    private String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }
}
