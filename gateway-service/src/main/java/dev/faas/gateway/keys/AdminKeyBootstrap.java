package dev.faas.gateway.keys;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.faas.gateway.GatewayProperties;

/**
 * With {@code faas.gateway.keys.create-admin-key=true}, creates an admin key pair at the first start (when no key
 * exists) so a new platform can be driven by the SDK at once. The secret is shown once, here; it is stored only
 * encrypted.
 */
@Component
public class AdminKeyBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);
    private final AccessKeys keys;
    private final GatewayProperties properties;
    private volatile AccessKeys.NewKey created;

    AdminKeyBootstrap(AccessKeys keys, GatewayProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.keys().createAdminKey() && keys.isEmpty()) {
            created = keys.create(properties.uin(), "admin key created at first start");
            log.info("created the admin key {} (its secret is shown once by the launcher)", created.secretId());
        }
    }

    /** The key created by this start, if it created one. */
    public Optional<AccessKeys.NewKey> created() {
        return Optional.ofNullable(created);
    }
}
