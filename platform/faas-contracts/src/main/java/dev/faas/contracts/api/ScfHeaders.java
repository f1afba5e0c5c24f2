package dev.faas.contracts.api;

import java.util.List;
import java.util.UUID;

/** Header names of the platform (spec part 1 §4.3) and the request-id rules every service shares. */
public final class ScfHeaders {
    public static final String PREFIX = "x-scf-";
    public static final String REQUEST_ID = "X-Scf-Request-Id";
    public static final String MEMORY = "X-Scf-Memory";
    public static final String TIMEOUT = "X-Scf-Timeout";
    public static final String VERSION = "X-Scf-Version";
    public static final String NAME = "X-Scf-Name";
    public static final String NAMESPACE = "X-Scf-Namespace";
    public static final String REGION = "X-Scf-Region";
    public static final String APPID = "X-Scf-Appid";
    public static final String UIN = "X-Scf-Uin";

    /** The headers injected into every request to a web function, in the order they are written. */
    public static final List<String> INJECTED = List.of(REQUEST_ID, MEMORY, TIMEOUT, VERSION, NAME, NAMESPACE, REGION, APPID, UIN);

    private ScfHeaders() {
    }

    /** A fresh request id: a random UUID, as SCF's are. */
    public static String newRequestId() {
        // a version-4 UUID from a thread-local generator: request ids need to be unique, not secret, and
        // UUID.randomUUID() serialises every caller on one SecureRandom
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * Whether a client-sent request id may be kept. Internal calls pass one on; anything odd is replaced so a
     * header can never smuggle text into logs.
     */
    public static boolean isAcceptableRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
