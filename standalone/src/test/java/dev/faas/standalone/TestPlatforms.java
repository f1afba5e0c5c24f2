package dev.faas.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import dev.faas.testsupport.Http;

/** What the standalone end-to-end tests start with: a platform of their own, and its REST API as the admin. */
final class TestPlatforms {
    private TestPlatforms() {
    }

    /** A platform on free ports, its data in a new temporary directory named from {@code prefix}, with {@code args}. */
    static StandalonePlatform start(String prefix, String... args) throws IOException {
        return StandalonePlatform.start(new StandaloneOptions(Files.createTempDirectory(prefix), 0, null, List.of(args)));
    }

    /** The gateway's REST API with the admin key the platform's first start created. */
    static Http adminApi(StandalonePlatform platform) {
        var admin = platform.createdAdminKey().orElseThrow();
        return new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), admin.secretKey());
    }
}
