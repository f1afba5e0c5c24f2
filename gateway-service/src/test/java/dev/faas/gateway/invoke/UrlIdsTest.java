package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class UrlIdsTest {
    private final UrlIds ids = new UrlIds("fn.localhost");

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(nullValues = "null", value = {
            "127.0.0.1:8080, /fn/abc123/hello/world?x=1, abc123, /hello/world",
            "127.0.0.1:8080, /fn/abc123, abc123, /",
            "127.0.0.1:8080, /fn/abc123/, abc123, /",
            "127.0.0.1:8080, /fn/abc123/a%20b/%2F, abc123, /a%20b/%2F",
            "abc123.fn.localhost:8080, /hello, abc123, /hello",
            "ABC123.FN.LOCALHOST, /, abc123, /",
            "abc123.fn.localhost, /fn/other/x, abc123, /fn/other/x",
            "127.0.0.1:8080, /fn/, null, null",
            "127.0.0.1:8080, /api/v1/x, null, null",
            "a.b.fn.localhost, /x, null, null",
    })
    void readsTheUrlIdAndTheInstancePath(String host, String pathAndQuery, String urlId, String instancePath) {
        var request = MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://" + host + pathAndQuery)).header("Host", host).build();
        UrlIds.Target target = ids.target(request);
        if (urlId == null) {
            assertThat(target).isNull();
        } else {
            assertThat(target).isEqualTo(new UrlIds.Target(urlId, instancePath));
        }
    }
}
