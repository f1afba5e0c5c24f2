package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * The README's first command as a user runs it: the executable jar in its own process. Ctrl-C (SIGINT) must stop
 * every instance process and every service, leaving nothing running; starting again finds the functions.
 */
class StandaloneProcessIT {
    private Process platform;

    @AfterEach
    void kill() {
        if (platform != null && platform.isAlive()) {
            platform.descendants().forEach(ProcessHandle::destroyForcibly);
            platform.destroyForcibly();
        }
    }

    @Test
    void ctrlC_stopsEveryInstanceAndService_andTheNextStartFindsTheFunctions() throws Exception {
        Path dataDir = Files.createTempDirectory("faas-process");
        int port = StandalonePlatform.Ports.freeBlock(5);
        Path log = dataDir.resolve("platform.log");
        platform = start(dataDir, port, log);
        Http gateway = Http.at(port).withApiKey(printed(log, "SecretId"), printed(log, "SecretKey"));

        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        var created = gateway.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"survivor\",\"Type\":\"HTTP\",\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String urlId = Http.json(created).at("/Response/FunctionUrl/UrlId").asString();
        var response = gateway.get("/fn/" + urlId + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        long instancePid = Http.json(response).get("pid").asLong();
        assertThat(ProcessHandle.of(instancePid)).isPresent();
        List<ProcessHandle> before = platform.descendants().toList();
        assertThat(before).extracting(ProcessHandle::pid).contains(instancePid);

        interrupt(platform);
        assertThat(platform.waitFor(60, TimeUnit.SECONDS)).as("platform exits on SIGINT; log:%n%s", tail(log)).isTrue();
        // every service stopped cleanly: none waited out a timeout (the gateway's slot keeper once kept Reactor
        // Netty's event loops busy through their 15 s)
        assertThat(Files.readString(log)).doesNotContain("Failed to stop bean").doesNotContain("couldn't be disposed");
        for (ProcessHandle p : before) {
            assertThat(p.isAlive()).as("process %d (%s) left running", p.pid(), p.info().command().orElse("?")).isFalse();
        }
        for (int p = port; p < port + 5; p++) {
            assertThat(accepts(p)).as("port %d still open", p).isFalse();
        }

        platform = start(dataDir, port, log);
        var again = Http.at(port).get("/fn/" + urlId + "/again");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Http.json(again).get("path").asString()).isEqualTo("/again");
        interrupt(platform);
        assertThat(platform.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** A value the first start printed with the admin key ({@code faas:   SecretId  AKID...}). */
    private static String printed(Path log, String label) throws Exception {
        for (String line : Files.readAllLines(log)) {
            String marker = "faas:   " + label + " ";
            if (line.startsWith(marker)) {
                return line.substring(marker.length()).trim();
            }
        }
        throw new AssertionError("the first start printed no " + label + "; log:\n" + tail(log));
    }

    private static Process start(Path dataDir, int port, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("faas.standalone.jar");
        assertThat(jar).as("faas.standalone.jar is set by the build").isNotNull();
        // A terminal delivers Ctrl-C as SIGINT. A process started from a background job inherits SIGINT ignored,
        // and a JVM that starts with it ignored never stops on it: reset it to the default first, as a shell would.
        Process p = new ProcessBuilder("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
                java, "-jar", jar, "--data-dir", dataDir.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("faas: platform is up")) {
            assertThat(p.isAlive()).as("platform died at start:%n%s", tail(log)).isTrue();
            assertThat(System.nanoTime()).as("platform did not start in 120 s:%n%s", tail(log)).isLessThan(deadline);
            Thread.sleep(100);
        }
        return p;
    }

    private static void interrupt(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
