package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneOptionsTest {

    @Test
    void parsesDataDirPortDatabaseAndSpringProperties() {
        StandaloneOptions o = StandaloneOptions.parse(new String[] {"--data-dir", "/tmp/x", "--port", "9090", "--db-url",
                "jdbc:postgresql://h/db", "--faas.scheduler.idle-timeout=1m"});
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.gatewayPort()).isEqualTo(9090);
        assertThat(o.externalDbUrl()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(o.extraArgs()).containsExactly("--faas.scheduler.idle-timeout=1m");
    }

    @Test
    void defaultsToPort8080AndAFolderInTheHomeDirectory() {
        StandaloneOptions o = StandaloneOptions.parse(new String[0]);
        assertThat(o.gatewayPort()).isEqualTo(8080);
        assertThat(o.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".faas"));
        assertThat(o.externalDbUrl()).isNull();
    }

    @Test
    void refusesUnknownOptionsAndBadPorts_withTheUsage() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--bogus"})).hasMessageContaining("unknown option --bogus").hasMessageContaining("usage:");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port", "70000"})).hasMessageContaining("--port must be");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
    }

    @Test
    void aSecondPlatformOnTheSameDataDirectory_isRefused(@TempDir Path dir) throws Exception {
        try (DataDirLock first = DataDirLock.acquire(dir)) {
            assertThat(Files.exists(dir.resolve(".lock"))).isTrue();
            // a FileLock is per JVM: a second acquire in this JVM sees the overlap as another holder would
            assertThatThrownBy(() -> DataDirLock.acquire(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another faas platform is running on");
        }
        DataDirLock.acquire(dir).close();
    }

    @Test
    void replacesTheDatabaseOfAJdbcUrl_keepingItsParameters() {
        assertThat(StandalonePlatform.withDatabase("jdbc:postgresql://localhost:5432/postgres?user=postgres", "faas"))
                .isEqualTo("jdbc:postgresql://localhost:5432/faas?user=postgres");
        assertThat(StandalonePlatform.withDatabase("jdbc:postgresql://localhost:5432/postgres", "faas"))
                .isEqualTo("jdbc:postgresql://localhost:5432/faas");
    }

    @Test
    void portsChosenForPortZero_areFreeAndBelowTheEphemeralRange() throws Exception {
        int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        int base = StandalonePlatform.Ports.freeBlock(5);
        assertThat(base + 4).isLessThan(low);
        for (int p = base; p < base + 5; p++) {
            try (var socket = new java.net.ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", p));
            }
        }
    }
}
