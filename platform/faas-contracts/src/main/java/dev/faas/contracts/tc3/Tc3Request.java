package dev.faas.contracts.tc3;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as it arrived, for verification: the method, the raw query text, the headers (looked up without regard
 * to case) and the raw body bytes, hashed before any parsing.
 */
public record Tc3Request(String method, String rawQuery, Map<String, String> headers, byte[] body) {

    public Tc3Request {
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        headers = byName;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
