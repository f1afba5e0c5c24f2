package dev.faas.contracts.tc3;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TC3-HMAC-SHA256 computation (scf-api3-wire.md §3.1), shared by the verifier and by clients that sign: the
 * canonical request, the string to sign, the derived key and the signature. Pure functions of their inputs.
 */
public final class Tc3Signature {
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Tc3Signature() {
    }

    /** {@code yyyy-MM-dd} of a Unix timestamp, in UTC: the date in the credential scope. */
    public static String date(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    /**
     * @param signedHeaders lower-case header names in the order given by {@code SignedHeaders}
     * @param headerValue   the value to sign for a header name (already trimmed or lower-cased as the caller decides)
     */
    public static String canonicalRequest(String method, String rawQuery, List<String> signedHeaders,
                                          Function<String, String> headerValue, String payloadHash) {
        StringBuilder b = new StringBuilder();
        b.append(method).append('\n').append('/').append('\n').append(rawQuery == null ? "" : rawQuery).append('\n');
        for (String name : signedHeaders) {
            String value = headerValue.apply(name);
            b.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        b.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return b.toString();
    }

    public static String stringToSign(long timestamp, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String scope(String date, String service) {
        return date + "/" + service + "/tc3_request";
    }

    public static String signature(String secretKey, String date, String service, String stringToSign) {
        byte[] kDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kService = hmac(kDate, service);
        byte[] kSigning = hmac(kService, "tc3_request");
        return HexFormat.of().formatHex(hmac(kSigning, stringToSign));
    }

    public static String authorization(String secretId, String date, String service, List<String> signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + scope(date, service) + ", SignedHeaders="
                + String.join(";", signedHeaders) + ", Signature=" + signature;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
