package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.util.AsciiString;

/** Which headers the direct data path passes to the instance and back to the client, whatever their case. */
class DirectProxyHeadersTest {

    @ParameterizedTest(name = "{0}: request {1}, response {2}")
    @CsvSource({
            "Content-Type, true, true",
            "X-Client, true, true",
            "Cookie, true, true",
            "Authorization, true, true",
            "X-Forwarded-For, true, true",
            "Connection, false, false",
            "keep-alive, false, false",
            "Proxy-Authorization, false, false",
            "Proxy-Authenticate, false, false",
            "Proxy-Connection, false, false",
            "TE, false, false",
            "Trailer, false, false",
            "transfer-encoding, false, false",
            "UPGRADE, false, false",
            // the instance's address is the Host; a 100-continue was answered by the gateway
            "Host, false, true",
            "Expect, false, true",
            // the client's X-Scf-* never reach the instance; the instance's go back to the client
            "X-Scf-Name, false, true",
            "x-scf-request-id, false, true",
            "X-SCF-UIN, false, true",
            "X-Scf, true, true",
            "X-Scfx-Other, true, true"})
    void passes(String name, boolean onRequest, boolean onResponse) {
        assertThat(DirectProxy.passesOnRequest(name)).as("request " + name).isEqualTo(onRequest);
        assertThat(DirectProxy.passesOnRequest(AsciiString.of(name))).as("request, as Netty reads it").isEqualTo(onRequest);
        assertThat(DirectProxy.passesOnResponse(name)).as("response " + name).isEqualTo(onResponse);
    }
}
