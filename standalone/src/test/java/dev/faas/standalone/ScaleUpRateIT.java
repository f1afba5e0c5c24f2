package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * The elastic scale-up budget (spec part 1 §11.2) on a platform that may start two instances a minute: the third
 * cold start within the minute is refused with 429 {@code ResourceLimit}, while warm instances keep serving.
 */
class ScaleUpRateIT {
    private static StandalonePlatform platform;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-burst", "--faas.scheduler.concurrency.elastic-starts-per-minute=2");
        api = TestPlatforms.adminApi(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theThirdColdStartOfTheMinute_isRefusedWith429_andWarmInstancesStillServe() {
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        String[] urls = new String[3];
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> created = api.post("/api/v1/namespaces/default/functions",
                    "{\"FunctionName\":\"burst-" + i + "\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
            urls[i] = "/fn/" + Http.json(created).at("/Response/FunctionUrl/UrlId").asString() + "/";
        }
        assertThat(api.get(urls[0]).statusCode()).isEqualTo(200);
        assertThat(api.get(urls[1]).statusCode()).isEqualTo(200);
        HttpResponse<String> third = api.get(urls[2]);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Http.json(third).get("errorMessage").asString()).isEqualTo("ResourceLimit");
        assertThat(third.headers().firstValue("X-Scf-Request-Id")).isPresent();
        assertThat(api.get(urls[0]).statusCode()).as("a warm instance needs no start").isEqualTo(200);
    }
}
