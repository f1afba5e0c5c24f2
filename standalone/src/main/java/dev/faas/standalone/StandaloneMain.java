package dev.faas.standalone;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar faas-standalone-exec.jar [options]}: starts the platform, prints the gateway URL, runs until
 * interrupted (Ctrl-C), then stops every instance and service.
 */
public final class StandaloneMain {
    private StandaloneMain() {
    }

    public static void main(String[] args) throws Exception {
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StandalonePlatform platform = StandalonePlatform.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("faas: stopping");
            platform.close();
            stopped.countDown();
        }, "faas-shutdown"));
        System.out.println();
        platform.createdAdminKey().ifPresent(key -> {
            System.out.println("faas: admin key created (shown this once; the secret is stored only encrypted):");
            System.out.println("faas:   SecretId  " + key.secretId());
            System.out.println("faas:   SecretKey " + key.secretKey());
        });
        System.out.println("faas: platform is up");
        System.out.println("faas: gateway  " + platform.gatewayUrl());
        System.out.println("faas: data in  " + options.dataDir());
        System.out.println("faas: press Ctrl-C to stop");
        stopped.await();
    }
}
