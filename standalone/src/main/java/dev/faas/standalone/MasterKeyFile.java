package dev.faas.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.faas.gateway.keys.SecretCipher;

/**
 * The master key that encrypts secret keys at rest, kept in {@code <data-dir>/master.key} (mode 0600), made at the
 * first start. Losing it makes the stored secret keys unreadable; keep it with the data directory's backups.
 */
final class MasterKeyFile {
    private MasterKeyFile() {
    }

    static String read(Path dataDir) {
        Path file = dataDir.resolve("master.key");
        try {
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, SecretCipher.newMasterKey() + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException raced) {
                    // another start made it first: use theirs
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }
}
