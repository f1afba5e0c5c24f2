package dev.faas.contracts.tc3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.scf.v20180416.ScfClient;
import com.tencentcloudapi.scf.v20180416.models.GetFunctionRequest;

import dev.faas.contracts.error.ScfError;

/**
 * The verifier against requests signed by the official SDK (tencentcloud-sdk-java 3.1.430): the SDK sends to a
 * loopback capture server, and the captured request (headers and raw body as received) is verified as sent and
 * with each part tampered with.
 */
class Tc3VerifierTest {
    private static final String SECRET_ID = "AKIDfaastest";
    private static final String SECRET_KEY = "faas-test-secret";
    private static HttpServer server;
    private static final AtomicReference<Tc3Request> captured = new AtomicReference<>();
    private static Tc3Request sdkRequest;
    private static long signedAt;

    @BeforeAll
    static void captureAnSdkRequest() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.getFirst()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            captured.set(new Tc3Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(), headers, body));
            byte[] answer = "{\"Response\":{\"RequestId\":\"captured\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + server.getAddress().getPort());
        http.setProtocol("http://");
        ScfClient scf = new ScfClient(new Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou", new ClientProfile(ClientProfile.SIGN_TC3_256, http));
        GetFunctionRequest request = new GetFunctionRequest();
        request.setFunctionName("hello");
        request.setNamespace("default");
        scf.GetFunction(request);
        sdkRequest = captured.get();
        signedAt = Long.parseLong(sdkRequest.header("X-TC-Timestamp"));
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static Tc3Verifier.Outcome verify(Tc3Request request, long nowSeconds, Tc3Verifier.Keys keys) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC);
        return new Tc3Verifier(clock, Duration.ofSeconds(300)).verify(request, keys);
    }

    private static Tc3Verifier.Outcome verify(Tc3Request request) {
        return verify(request, signedAt, id -> id.equals(SECRET_ID) ? Optional.of(new Tc3Verifier.Key(SECRET_KEY, true)) : Optional.empty());
    }

    private static Tc3Request withHeader(String name, String value) {
        return with(h -> {
            h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            h.put(name, value);
            return h;
        });
    }

    private static Tc3Request with(UnaryOperator<Map<String, String>> change) {
        return new Tc3Request(sdkRequest.method(), sdkRequest.rawQuery(), change.apply(new HashMap<>(sdkRequest.headers())), sdkRequest.body());
    }

    private static ScfError refusal(Tc3Verifier.Outcome outcome) {
        assertThat(outcome).isInstanceOf(Tc3Verifier.Refused.class);
        return ((Tc3Verifier.Refused) outcome).error();
    }

    @Test
    void aRequestSignedByTheSdk_passes_withTheEndpointsFirstLabelAsService() {
        assertThat(sdkRequest.header("Authorization")).contains("/127/tc3_request");
        assertThat(verify(sdkRequest)).isEqualTo(new Tc3Verifier.Verified(SECRET_ID, "127"));
    }

    @Test
    void aTamperedBody_fails() {
        byte[] body = sdkRequest.body().clone();
        body[body.length / 2] ^= 1;
        assertThat(refusal(verify(new Tc3Request(sdkRequest.method(), sdkRequest.rawQuery(), sdkRequest.headers(), body))))
                .isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
    }

    @Test
    void aTamperedSignedHeader_fails() {
        assertThat(refusal(verify(withHeader("Content-Type", "application/json")))).isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
        assertThat(refusal(verify(withHeader("Host", "127.0.0.2:" + server.getAddress().getPort())))).isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
    }

    @Test
    void aTamperedTimestamp_failsEvenInsideTheWindow() {
        assertThat(refusal(verify(withHeader("X-TC-Timestamp", Long.toString(signedAt + 1))))).isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAway_expires_eitherWay() {
        var keys = (Tc3Verifier.Keys) id -> Optional.of(new Tc3Verifier.Key(SECRET_KEY, true));
        assertThat(verify(sdkRequest, signedAt + 300, keys)).isInstanceOf(Tc3Verifier.Verified.class);
        assertThat(refusal(verify(sdkRequest, signedAt + 301, keys))).isEqualTo(ScfError.AUTH_SIGNATURE_EXPIRE);
        assertThat(refusal(verify(sdkRequest, signedAt - 301, keys))).isEqualTo(ScfError.AUTH_SIGNATURE_EXPIRE);
    }

    @Test
    void theWrongKey_anUnknownKey_andADisabledKey_fail() {
        assertThat(refusal(verify(sdkRequest, signedAt, id -> Optional.of(new Tc3Verifier.Key("another-secret", true)))))
                .isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
        assertThat(refusal(verify(sdkRequest, signedAt, id -> Optional.empty()))).isEqualTo(ScfError.AUTH_SECRET_ID_NOT_FOUND);
        assertThat(refusal(verify(sdkRequest, signedAt, id -> Optional.of(new Tc3Verifier.Key(SECRET_KEY, false)))))
                .isEqualTo(ScfError.AUTH_SECRET_ID_NOT_FOUND);
    }

    @Test
    void aMissingOrMalformedAuthorization_isInvalidAuthorization_andAMissingTimestampAMissingParameter() {
        assertThat(refusal(verify(with(h -> {
            h.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
            return h;
        })))).isEqualTo(ScfError.AUTH_INVALID_AUTHORIZATION);
        assertThat(refusal(verify(withHeader("Authorization", "Bearer abc")))).isEqualTo(ScfError.AUTH_INVALID_AUTHORIZATION);
        assertThat(refusal(verify(with(h -> {
            h.keySet().removeIf(k -> k.equalsIgnoreCase("X-TC-Timestamp"));
            return h;
        })))).isEqualTo(ScfError.MISSING_PARAMETER);
    }

    @Test
    void aSignatureMadeForAnotherService_fails() {
        String other = sdkRequest.header("Authorization").replace("/127/tc3_request", "/cvm/tc3_request");
        assertThat(refusal(verify(withHeader("Authorization", other)))).isEqualTo(ScfError.AUTH_SIGNATURE_FAILURE);
    }

    @Test
    void aRequestSignedForServiceScf_passesWhateverTheHost() throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String date = Tc3Signature.date(signedAt);
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json; charset=utf-8", "Host", "gateway.internal:8080",
                "X-TC-Timestamp", Long.toString(signedAt)));
        var signed = java.util.List.of("content-type", "host");
        String canonical = Tc3Signature.canonicalRequest("POST", "", signed, n -> headers.get(n.equals("host") ? "Host" : "Content-Type"), Tc3Signature.sha256Hex(body));
        String signature = Tc3Signature.signature(SECRET_KEY, date, "scf", Tc3Signature.stringToSign(signedAt, Tc3Signature.scope(date, "scf"), canonical));
        headers.put("Authorization", Tc3Signature.authorization(SECRET_ID, date, "scf", signed, signature));
        assertThat(verify(new Tc3Request("POST", null, headers, body))).isEqualTo(new Tc3Verifier.Verified(SECRET_ID, "scf"));
    }
}
