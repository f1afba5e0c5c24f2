package dev.faas.contracts.tc3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.faas.contracts.error.ScfError;

/**
 * Verifies TC3-HMAC-SHA256 signatures in the order scf-api3-wire.md §3.4 recommends: the Authorization header's
 * form, the timestamp's presence, the key, the five-minute window and the scope's date, the service, then the
 * signature over the request as received (signed header values lower-cased first, then as sent), compared in
 * constant time. Action and version are the caller's to check; they are not part of the signature.
 *
 * <p>The service in the scope is accepted when it is {@code scf} or the first dot-label of the {@code Host} header
 * (the official SDK signs with the first label of whatever endpoint it was given: {@code 127} for
 * {@code 127.0.0.1:8080}), so a signature made for another product is still refused.
 */
public final class Tc3Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/\\s,]+)/(\\d{4}-\\d{2}-\\d{2})/([^/\\s,]+)/tc3_request,\\s*SignedHeaders=([a-z0-9;\\-_.]+),\\s*Signature=([0-9a-f]{64})");

    /** A key as the verifier needs it. */
    public record Key(String secretKey, boolean enabled) {
    }

    @FunctionalInterface
    public interface Keys {
        Optional<Key> find(String secretId);
    }

    public sealed interface Outcome permits Verified, Refused {
    }

    public record Verified(String secretId, String service) implements Outcome {
    }

    public record Refused(ScfError error, String message) implements Outcome {
    }

    private final Clock clock;
    private final Duration window;

    public Tc3Verifier(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    public Outcome verify(Tc3Request request, Keys keys) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return refuse(ScfError.AUTH_INVALID_AUTHORIZATION, "The Authorization header is missing.");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            return refuse(ScfError.AUTH_INVALID_AUTHORIZATION, "The Authorization header is not of the form "
                    + "TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=..., Signature=...");
        }
        String secretId = m.group(1);
        String date = m.group(2);
        String service = m.group(3);
        List<String> signedHeaders = Arrays.asList(m.group(4).split(";"));
        String signature = m.group(5);

        String timestampText = request.header("X-TC-Timestamp");
        if (timestampText == null || timestampText.isBlank()) {
            return refuse(ScfError.MISSING_PARAMETER, "The X-TC-Timestamp header is missing.");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.trim());
        } catch (NumberFormatException e) {
            return refuse(ScfError.INVALID_PARAMETER_VALUE, "X-TC-Timestamp must be a Unix time in seconds.");
        }

        Optional<Key> key = keys.find(secretId);
        if (key.isEmpty() || !key.get().enabled()) {
            return refuse(ScfError.AUTH_SECRET_ID_NOT_FOUND, "SecretId " + secretId + " does not exist or is disabled.");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > window.toSeconds()) {
            return refuse(ScfError.AUTH_SIGNATURE_EXPIRE, "The request was signed at " + timestamp + ", the server time is " + now + ".");
        }
        if (!date.equals(Tc3Signature.date(timestamp))) {
            return refuse(ScfError.AUTH_SIGNATURE_FAILURE, "The credential scope's date is not the date of X-TC-Timestamp.");
        }
        if (!service.equals("scf") && !service.equals(firstLabel(request.header("Host")))) {
            return refuse(ScfError.AUTH_SIGNATURE_FAILURE, "The credential scope names service " + service + ", not scf.");
        }
        for (String name : signedHeaders) {
            if (request.header(name) == null) {
                return refuse(ScfError.AUTH_SIGNATURE_FAILURE, "Signed header " + name + " is missing.");
            }
        }

        String payloadHash = Tc3Signature.UNSIGNED_PAYLOAD.equals(request.header("X-TC-Content-SHA256"))
                ? Tc3Signature.sha256Hex(Tc3Signature.UNSIGNED_PAYLOAD.getBytes(StandardCharsets.UTF_8))
                : Tc3Signature.sha256Hex(request.body());
        String scope = Tc3Signature.scope(date, service);
        String secret = key.get().secretKey();
        for (boolean lowerCase : new boolean[] {true, false}) {
            String canonical = Tc3Signature.canonicalRequest(request.method(), request.rawQuery(), signedHeaders,
                    name -> lowerCase ? request.header(name).toLowerCase(Locale.ROOT) : request.header(name), payloadHash);
            String expected = Tc3Signature.signature(secret, date, service, Tc3Signature.stringToSign(timestamp, scope, canonical));
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
                if (request.header("X-TC-Token") != null && !request.header("X-TC-Token").isEmpty()) {
                    return refuse(ScfError.AUTH_TOKEN_FAILURE, "Temporary credentials are not issued by this platform.");
                }
                return new Verified(secretId, service);
            }
        }
        return refuse(ScfError.AUTH_SIGNATURE_FAILURE, "The signature does not match the request.");
    }

    /** The first dot-label of a Host header, port included when there is no dot (as the SDK derives it). */
    static String firstLabel(String host) {
        if (host == null) {
            return "";
        }
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static Refused refuse(ScfError error, String message) {
        return new Refused(error, message);
    }
}
