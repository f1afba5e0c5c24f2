package dev.faas.scheduler.instance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacked code packages, one directory per SHA-256, made once and shared by every instance of every version with
 * that content. A package is downloaded, its hash checked, unpacked beside its final place and moved there
 * atomically, so a directory that exists is complete. Unix modes from the zip are kept (executable bits);
 * {@code scf_bootstrap} is always made executable and its CRLF line endings converted (spec part 1 §4.4 asks the
 * platform to detect or convert them). Entries are checked again here as defence in depth.
 */
public final class CodeCache {
    /** Fetches a package's bytes to a file. */
    @FunctionalInterface
    public interface Source {
        void download(String sha256, Path target) throws IOException, InterruptedException;
    }

    private final Path root;
    private final Source source;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public CodeCache(Path root, Source source) throws IOException {
        this.root = Files.createDirectories(root);
        this.source = source;
    }

    public Path unpacked(String sha256) throws IOException, InterruptedException {
        requireSha(sha256);
        return cached(sha256, work -> fetchInto(sha256, work));
    }

    /**
     * Layers merged for {@code /opt} (spec part 2 §8.1): each package unpacked in binding order into one directory,
     * a later layer's file replacing an earlier one's at the same path. Kept per ordered list of layers.
     */
    public Path merged(List<String> layerSha256s) throws IOException, InterruptedException {
        for (String sha : layerSha256s) {
            requireSha(sha);
        }
        String key = "layers-" + hashText(String.join(",", layerSha256s));
        return cached(key, work -> {
            for (String sha : layerSha256s) {
                fetchInto(sha, work);
            }
        });
    }

    private interface Fill {
        void into(Path work) throws IOException, InterruptedException;
    }

    /** The directory {@code key}, made once: filled in a work directory and moved into place atomically. */
    private Path cached(String key, Fill fill) throws IOException, InterruptedException {
        Path dir = root.resolve(key);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path work = Files.createTempDirectory(root, key + ".unpack");
            try {
                fill.into(work);
                Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(work)) {
                    deleteTree(work);
                }
            }
            return dir;
        }
    }

    private void fetchInto(String sha256, Path work) throws IOException, InterruptedException {
        Path zip = Files.createTempFile(root, sha256, ".zip");
        try {
            source.download(sha256, zip);
            String actual = hash(zip);
            if (!actual.equals(sha256)) {
                throw new IOException("package " + sha256 + " arrived with SHA-256 " + actual);
            }
            unpack(zip, work);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static void requireSha(String sha256) throws IOException {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IOException("not a SHA-256: " + sha256);
        }
    }

    private static String hashText(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void unpack(Path zip, Path target) throws IOException {
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            var entries = file.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target) || entry.isUnixSymlink()) {
                    throw new IOException("unsafe entry in package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    // a later layer replaces an earlier one's file; within one package names are unique (checked at upload)
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                boolean bootstrap = entry.getName().equals("scf_bootstrap");
                int mode = entry.getUnixMode();
                Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
                if (bootstrap || (mode & 0100) != 0) {
                    permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                }
                if (bootstrap) {
                    String text = Files.readString(out, StandardCharsets.ISO_8859_1);
                    if (text.indexOf('\r') >= 0) {
                        Files.writeString(out, text.replace("\r\n", "\n"), StandardCharsets.ISO_8859_1);
                    }
                }
                Files.setPosixFilePermissions(out, permissions);
            }
        }
    }

    private static String hash(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
