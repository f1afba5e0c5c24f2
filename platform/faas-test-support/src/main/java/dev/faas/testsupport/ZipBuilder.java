package dev.faas.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.util.zip.ZipOutputStream;

/**
 * Builds code packages for tests. Unix modes go into the entries' external attributes as {@code zip -X} writes
 * them (mode in the high 16 bits, "made by Unix"), which is where the platform reads the executable bit and
 * symbolic links from. The JDK's ZipOutputStream cannot write those; commons-compress can.
 */
public final class ZipBuilder {
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String name, byte[] content, int unixMode) {
    }

    public static ZipBuilder zip() {
        return new ZipBuilder();
    }

    /**
     * Every file below {@code dir}, named relative to it; {@code scf_bootstrap} and files executable on disk keep
     * mode 0755 (resources copied by Maven lose their modes, so the bootstrap is marked by name).
     */
    public static ZipBuilder directory(java.nio.file.Path dir) {
        ZipBuilder zip = new ZipBuilder();
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                boolean executable = name.equals("scf_bootstrap") || java.nio.file.Files.isExecutable(f);
                zip.file(name, java.nio.file.Files.readString(f), executable ? 0100755 : 0100644);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    public ZipBuilder file(String name, String content) {
        return file(name, content, 0100644);
    }

    public ZipBuilder executable(String name, String content) {
        return file(name, content, 0100755);
    }

    public ZipBuilder file(String name, String content, int unixMode) {
        entries.add(new Entry(name, content.getBytes(StandardCharsets.UTF_8), unixMode));
        return this;
    }

    public ZipBuilder symlink(String name, String target) {
        return file(name, target, 0120777);
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name);
                entry.setUnixMode(e.unixMode);
                zip.putArchiveEntry(entry);
                zip.write(e.content);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    /** A plain JDK zip (no Unix modes), for checks that need one. */
    public byte[] jdkBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Entry e : entries) {
                zip.putNextEntry(new ZipEntry(e.name));
                zip.write(e.content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
