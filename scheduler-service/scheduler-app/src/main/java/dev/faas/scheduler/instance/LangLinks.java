package dev.faas.scheduler.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstraps written for SCF call interpreters by absolute path ({@code /var/lang/python3/bin/python3},
 * {@code /var/lang/node12/bin/node}, spec part 1 §4.4). On one machine the local provider makes that tree as links
 * to the interpreters it finds, where it may write, so those bootstraps run unchanged. Existing files are never
 * replaced. One interpreter stands in for every version of its language: a bootstrap asking for Node 12 gets the
 * machine's Node.
 */
final class LangLinks {
    private static final Logger log = LoggerFactory.getLogger(LangLinks.class);

    private LangLinks() {
    }

    /** Link path under the root → the command it stands for. */
    static Map<String, String> layout() {
        Map<String, String> links = new LinkedHashMap<>();
        for (String node : List.of("node10", "node12", "node14", "node16", "node18", "node20", "node22")) {
            links.put(node + "/bin/node", "node");
        }
        links.put("python3/bin/python3", "python3");
        links.put("python3/bin/python3.6", "python3");
        for (String[] py : new String[][] {{"python37", "3.7"}, {"python39", "3.9"}, {"python310", "3.10"}, {"python311", "3.11"}, {"python312", "3.12"}}) {
            links.put(py[0] + "/bin/python" + py[1], "python3");
            links.put(py[0] + "/bin/python3", "python3");
        }
        links.put("python2/bin/python2", "python2");
        for (String php : List.of("php5", "php7", "php74", "php80")) {
            links.put(php + "/bin/php", "php");
        }
        links.put("java8/bin/java", "java");
        links.put("java11/bin/java", "java");
        return links;
    }

    static int create(Path root) {
        int created = 0;
        for (Map.Entry<String, String> link : layout().entrySet()) {
            Path path = root.resolve(link.getKey());
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Optional<Path> target = find(link.getValue());
            if (target.isEmpty()) {
                continue;
            }
            try {
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, target.get());
                created++;
            } catch (IOException e) {
                log.warn("cannot create {} -> {} ({}); bootstraps that call it by that path will not start here", path, target.get(), e.toString());
                return created;
            }
        }
        return created;
    }

    /** The command's real path: the system's first, so a user's shims (pyenv ...) do not leak into instances. */
    static Optional<Path> find(String command) {
        if (command.equals("java")) {
            return ProcessHandle.current().info().command().map(Path::of);
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir, command);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
