package dev.faas.scheduler.instance;

import static dev.faas.testsupport.ZipBuilder.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeCacheTest {
    @TempDir
    Path root;

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void unpacksOncePerPackage_keepingExecutableBits_andConvertingBootstrapLineEndings() throws Exception {
        byte[] pkg = zip().file("scf_bootstrap", "#!/bin/bash\r\nexec ./run.sh\r\n", 0100644)
                .executable("run.sh", "#!/bin/sh\necho hi\n").file("lib/data.txt", "plain").bytes();
        String sha = sha(pkg);
        AtomicInteger downloads = new AtomicInteger();
        CodeCache cache = new CodeCache(root, (s, target) -> {
            downloads.incrementAndGet();
            Files.write(target, pkg);
        });
        Path dir = cache.unpacked(sha);
        assertThat(cache.unpacked(sha)).isEqualTo(dir);
        assertThat(downloads).hasValue(1);
        assertThat(Files.readString(dir.resolve("scf_bootstrap"))).isEqualTo("#!/bin/bash\nexec ./run.sh\n");
        assertThat(Files.isExecutable(dir.resolve("scf_bootstrap"))).as("bootstrap made executable").isTrue();
        assertThat(Files.isExecutable(dir.resolve("run.sh"))).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve("lib/data.txt")).toString()).doesNotContain("EXECUTE").doesNotContain("WRITE");
        assertThat(Files.readString(dir.resolve("lib/data.txt"))).isEqualTo("plain");
    }

    @Test
    void aPackageWhoseBytesDoNotMatchItsHash_isRefused_andLeavesNothing() throws Exception {
        byte[] pkg = zip().executable("scf_bootstrap", "#!/bin/bash\n").bytes();
        String otherSha = sha("something else".getBytes());
        CodeCache cache = new CodeCache(root, (s, target) -> Files.write(target, pkg));
        assertThatThrownBy(() -> cache.unpacked(otherSha)).isInstanceOf(IOException.class).hasMessageContaining("arrived with");
        try (var files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void layersAreMergedInBindingOrder_theLaterFileWinning_andEachOrderIsKeptApart() throws Exception {
        byte[] first = zip().file("shared.txt", "first").file("python/a.py", "A = 1").bytes();
        byte[] second = zip().file("shared.txt", "second").file("node_modules/b/index.js", "1").bytes();
        java.util.Map<String, byte[]> packages = java.util.Map.of(sha(first), first, sha(second), second);
        CodeCache cache = new CodeCache(root, (s, target) -> Files.write(target, packages.get(s)));
        Path ab = cache.merged(java.util.List.of(sha(first), sha(second)));
        assertThat(Files.readString(ab.resolve("shared.txt"))).isEqualTo("second");
        assertThat(ab.resolve("python/a.py")).exists();
        assertThat(ab.resolve("node_modules/b/index.js")).exists();
        Path ba = cache.merged(java.util.List.of(sha(second), sha(first)));
        assertThat(ba).isNotEqualTo(ab);
        assertThat(Files.readString(ba.resolve("shared.txt"))).isEqualTo("first");
        assertThat(cache.merged(java.util.List.of(sha(first), sha(second)))).isEqualTo(ab);
    }
}
