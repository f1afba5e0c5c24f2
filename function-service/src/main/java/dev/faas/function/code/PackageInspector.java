package dev.faas.function.code;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import dev.faas.contracts.error.ScfError;

/**
 * Decides whether a code package may be stored, before anything is written (DESIGN.md §3: package validation is
 * synchronous). Rules: standard base64; a real zip; no entry that could land outside the code directory (absolute
 * names, {@code ..} segments, backslashes, drive letters), no symbolic links, no duplicate names; at most
 * {@code maxZipBytes} packed and {@code maxUnpackedBytes} unpacked, counted by reading the data, not by trusting the
 * sizes the zip claims; a web function has a regular file {@code scf_bootstrap} at the root.
 *
 * <p>Pure: no I/O beyond the bytes given, so it is unit-tested without Spring.
 */
public final class PackageInspector {
    public static final String BOOTSTRAP = "scf_bootstrap";

    private final java.util.function.LongSupplier maxZip;
    private final java.util.function.LongSupplier maxUnpacked;

    public PackageInspector(long maxZipBytes, long maxUnpackedBytes) {
        this(() -> maxZipBytes, () -> maxUnpackedBytes);
    }

    /** Limits read at each inspection, so an administrator's change applies to the next package. */
    public PackageInspector(java.util.function.LongSupplier maxZipBytes, java.util.function.LongSupplier maxUnpackedBytes) {
        this.maxZip = maxZipBytes;
        this.maxUnpacked = maxUnpackedBytes;
    }

    /**
     * What a package must contain besides being a safe zip: a regular file at this path (a web function's
     * {@code scf_bootstrap}, an event function's entry file such as {@code index.py}), or nothing.
     */
    public record Requirement(String entry, String why) {
        public static final Requirement BOOTSTRAP = new Requirement(PackageInspector.BOOTSTRAP,
                "A web function's package needs an executable file named scf_bootstrap at its root.");
        public static final Requirement NONE = new Requirement(null, null);

        public static Requirement entryFile(String path, String handler) {
            return new Requirement(path, "The package has no " + path + " for the handler " + handler
                    + "; the entry file sits at that path from the package root (zip the files, not their folder).");
        }
    }

    public sealed interface Inspection permits Accepted, Rejected {
    }

    /** A package that may be stored: its bytes, their SHA-256 (hex) and the unpacked size. */
    public record Accepted(byte[] zip, String sha256, long unpackedSize) implements Inspection {
    }

    public record Rejected(ScfError error, String message) implements Inspection {
    }

    public Inspection inspectBase64(String zipFileBase64, Requirement requirement) {
        long maxZipBytes = maxZip.getAsLong();
        if (zipFileBase64 == null || zipFileBase64.isEmpty()) {
            return new Rejected(ScfError.MISSING_CODE, "Code.ZipFile is required.");
        }
        // base64 is 4/3 of the bytes: refuse an over-size package before decoding it
        if ((long) zipFileBase64.length() / 4 * 3 > maxZipBytes + 3) {
            return tooLarge();
        }
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(zipFileBase64);
        } catch (IllegalArgumentException e) {
            return new Rejected(ScfError.INVALID_ZIP_BASE64, "Code.ZipFile is not valid base64.");
        }
        return inspect(zip, requirement);
    }

    public Inspection inspect(byte[] zip, Requirement requirement) {
        long maxZipBytes = maxZip.getAsLong();
        long maxUnpackedBytes = maxUnpacked.getAsLong();
        if (zip.length > maxZipBytes) {
            return tooLarge();
        }
        Set<String> names = new HashSet<>();
        long unpacked = 0;
        boolean entryFound = requirement.entry() == null;
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            var entries = file.getEntries();
            if (!entries.hasMoreElements()) {
                return new Rejected(ScfError.INVALID_ZIP_FILE, "The code package is empty.");
            }
            byte[] buffer = new byte[64 * 1024];
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                String unsafe = unsafeName(name);
                if (unsafe != null) {
                    return new Rejected(ScfError.INVALID_ZIP_FILE, "Entry '" + printable(name) + "' " + unsafe + ".");
                }
                if (entry.isUnixSymlink()) {
                    return new Rejected(ScfError.INVALID_ZIP_FILE, "Entry '" + printable(name) + "' is a symbolic link; packages may not contain links.");
                }
                String normal = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                if (!names.add(normal)) {
                    return new Rejected(ScfError.INVALID_ZIP_FILE, "Entry '" + printable(name) + "' appears twice.");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (!file.canReadEntryData(entry)) {
                    return new Rejected(ScfError.INVALID_ZIP_FILE, "Entry '" + printable(name) + "' uses an unsupported compression or encryption.");
                }
                try (InputStream in = file.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        unpacked += n;
                        if (unpacked > maxUnpackedBytes) {
                            return new Rejected(ScfError.LIMIT_EXCEEDED_CODE_SIZE,
                                    "The package unpacks to more than " + maxUnpackedBytes / (1024 * 1024) + " MB.");
                        }
                    }
                }
                if (name.equals(requirement.entry())) {
                    entryFound = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Rejected(ScfError.INVALID_ZIP_FILE, "The code package is not a valid zip file.");
        }
        if (!entryFound) {
            return new Rejected(ScfError.INVALID_CODE, requirement.why());
        }
        return new Accepted(zip, sha256(zip), unpacked);
    }

    private Rejected tooLarge() {
        return new Rejected(ScfError.LIMIT_EXCEEDED_CODE_SIZE, "The zip package exceeds " + maxZip.getAsLong() / (1024 * 1024) + " MB.");
    }

    /** Why an entry name could escape the code directory, or null when it is safe. */
    static String unsafeName(String name) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || (name.length() > 1 && name.charAt(1) == ':')) {
            return "has an absolute path";
        }
        if (name.indexOf('\0') >= 0) {
            return "has a NUL character in its name";
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return "has a '..' path segment";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
