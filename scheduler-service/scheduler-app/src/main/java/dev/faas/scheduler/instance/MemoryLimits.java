package dev.faas.scheduler.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory limits for local instances with the kernel's cgroups (issue #4): each instance runs in a cgroup of its own
 * below the scheduler's, limited to the function's memory ({@code memory.max} on cgroup v2, {@code memory.limit_in_bytes}
 * on v1). The kernel kills a process that goes over; the cgroup's {@code oom_kill} counter then tells that the exit
 * was the memory limit (434) and not the function's own doing (439). Where neither hierarchy is writable (a container
 * without its cgroup delegated) limits are not enforced: {@link #detect} logs it once and {@link #enabled} is false.
 *
 * <p>The process joins its cgroup before it runs the bootstrap (a shell writes its own pid, then execs), so no
 * allocation escapes the limit; its children inherit the cgroup.
 */
public final class MemoryLimits {
    private static final Logger log = LoggerFactory.getLogger(MemoryLimits.class);
    private final Path parent;
    private final boolean v2;

    private MemoryLimits(Path parent, boolean v2) {
        this.parent = parent;
        this.v2 = v2;
    }

    /** The hierarchy this process may create cgroups in, or a disabled instance. */
    public static MemoryLimits detect() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"));
            for (String line : lines) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                    Path dir = Path.of("/sys/fs/cgroup" + parts[2]);
                    if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                            && Files.readString(Path.of("/sys/fs/cgroup/cgroup.controllers")).contains("memory") && writable(dir)) {
                        return new MemoryLimits(dir, true);
                    }
                }
            }
            for (String line : lines) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                    Path dir = Path.of("/sys/fs/cgroup/memory" + parts[2]);
                    if (Files.exists(dir.resolve("memory.limit_in_bytes")) && writable(dir)) {
                        return new MemoryLimits(dir, false);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cgroups: {}", e.toString());
        }
        log.info("no writable memory cgroup: instance memory limits are not enforced (434 is never reported)");
        return new MemoryLimits(null, false);
    }

    private static boolean writable(Path dir) {
        Path probe = dir.resolve("faas-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean enabled() {
        return parent != null;
    }

    /** Creates the instance's cgroup with its limit; empty when limits are off or the cgroup cannot be made. */
    public Optional<Path> create(String instanceId, int memoryMb) {
        if (parent == null) {
            return Optional.empty();
        }
        Path dir = parent.resolve("faas-" + instanceId);
        try {
            Files.createDirectories(dir);
            long bytes = (long) memoryMb * 1024 * 1024;
            if (v2) {
                Files.writeString(dir.resolve("memory.max"), Long.toString(bytes));
                Files.writeString(dir.resolve("memory.swap.max"), "0");
            } else {
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
            }
            return Optional.of(dir);
        } catch (IOException e) {
            log.warn("cannot limit the memory of instance {}: {}", instanceId, e.toString());
            return Optional.empty();
        }
    }

    /** The command that joins {@code cgroup} and then runs {@code command}. */
    public static List<String> joining(Path cgroup, List<String> command) {
        List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && exec \"$@\"", "faas-instance"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether the kernel killed a process of this cgroup for going over its limit. */
    public boolean oomKilled(Path cgroup) {
        try {
            Path file = cgroup.resolve(v2 ? "memory.events" : "memory.oom_control");
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring("oom_kill ".length()).trim()) > 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("cgroup {}: {}", cgroup, e.toString());
        }
        return false;
    }

    /** Removes the (empty) cgroup of an instance that has exited. */
    public void remove(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            log.debug("cgroup {} not removed: {}", cgroup, e.toString());
        }
    }
}
