package dev.faas.scheduler.instance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.scheduler.SchedulerProperties;
import dev.faas.scheduler.core.Endpoint;

/**
 * Instances as processes on this machine (DESIGN.md §4). Each runs the package's {@code scf_bootstrap} in its own
 * session and process group ({@code setsid}), so stopping it stops everything it started; working directory = the
 * unpacked package; a private {@code TMPDIR}; {@code PORT} = a free port; the function's environment plus SCF's
 * built-in variables (runtime spec §1.1). Ready means the port accepts a connection; an exit first is 405, silence
 * until the init timeout is 446.
 *
 * <p>Memory limits are not enforced yet (cgroup support comes with the memory-limit work, issue #4): the Report's
 * MemUsage is measured from {@code /proc}.
 */
public final class LocalProcessProvider implements InstanceProvider {
    private static final Logger log = LoggerFactory.getLogger(LocalProcessProvider.class);
    private static final int MAX_LINE = 8 * 1024;
    private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final SchedulerProperties properties;
    private final CodeCache code;
    private final InstanceRepository repository;
    private final Clock clock;
    private final Path instancesDir;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Long> childrenRssKb = new ConcurrentHashMap<>();
    private final boolean haveSetsid = Files.isExecutable(Path.of("/usr/bin/setsid"));
    private final MemoryLimits memory = MemoryLimits.detect();
    private final Map<String, Path> cgroups = new java.util.concurrent.ConcurrentHashMap<>();
    /** Ports given to instances that are starting or running, until their process ends. */
    private final Map<Integer, String> portsInUse = new java.util.concurrent.ConcurrentHashMap<>();
    /** Why recent instances ended, for the gateway to tell 434 from 439; bounded, oldest dropped. */
    private final Map<String, FunctionStatus> exitReasons = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FunctionStatus> eldest) {
            return size() > 1024;
        }
    });

    public LocalProcessProvider(SchedulerProperties properties, CodeCache code, InstanceRepository repository, Clock clock) throws IOException {
        this.properties = properties;
        this.code = code;
        this.repository = repository;
        this.clock = clock;
        this.instancesDir = Files.createDirectories(properties.local().workDir().resolve("run"));
        if (properties.local().createLangLinks()) {
            int created = LangLinks.create(properties.local().langRoot());
            if (created > 0) {
                log.info("created {} interpreter links under {}", created, properties.local().langRoot());
            }
        }
    }

    /**
     * The runtimes' search paths (spec part 2 §8.1) with this instance's directories: the code where SCF has
     * {@code /var/user}, the merged layers where it has {@code /opt}. A local process cannot have {@code /opt} of its
     * own, so the layers' directory is also given as {@code FAAS_LAYERS_DIR}; on Kubernetes it is {@code /opt}.
     */
    static void searchPaths(Map<String, String> env, Path codeDir, Path layerDir) {
        String code = codeDir.toString();
        if (layerDir == null) {
            env.putIfAbsent("PYTHONPATH", code);
            env.putIfAbsent("NODE_PATH", code + ":" + code + "/node_modules");
            return;
        }
        String opt = layerDir.toString();
        env.put("FAAS_LAYERS_DIR", opt);
        env.putIfAbsent("PYTHONPATH", code + ":" + opt);
        env.putIfAbsent("NODE_PATH", code + ":" + code + "/node_modules:" + opt + ":" + opt + "/node_modules");
        env.putIfAbsent("CLASSPATH", opt + ":" + opt + "/*");
    }

    @Override
    public Started start(Spec spec) throws StartFailure, InterruptedException {
        FunctionView fn = spec.function();
        long t0 = System.nanoTime();
        Path codeDir;
        Path layerDir;
        try {
            codeDir = code.unpacked(fn.codeSha256());
            layerDir = fn.layers().isEmpty() ? null : code.merged(fn.layers());
        } catch (IOException e) {
            log.error("cannot unpack package {} of {}", fn.codeSha256(), spec.pool(), e);
            throw new StartFailure(FunctionStatus.INTERNAL_ERROR, "the code package could not be fetched");
        }
        long t1 = System.nanoTime();
        Process process;
        int port;
        try {
            Path tmp = Files.createDirectories(instancesDir.resolve(spec.instanceId()).resolve("tmp"));
            port = freePort(spec.instanceId());
            List<String> command = new ArrayList<>();
            if (haveSetsid) {
                command.add("/usr/bin/setsid");
            }
            command.add(codeDir.resolve("scf_bootstrap").toString());
            Optional<Path> cgroup = memory.create(spec.instanceId(), fn.memoryMb());
            if (cgroup.isPresent()) {
                command = MemoryLimits.joining(cgroup.get(), command);
                cgroups.put(spec.instanceId(), cgroup.get());
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(codeDir.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", SYSTEM_PATH);
            env.put("HOME", tmp.toString());
            env.put("TMPDIR", tmp.toString());
            env.put("LANG", "en_US.UTF-8");
            env.putAll(fn.environment());
            env.put("PORT", Integer.toString(port));
            env.put("SCF_FUNCTIONNAME", fn.name());
            env.put("SCF_FUNCTIONVERSION", spec.pool().version());
            env.put("SCF_NAMESPACE", fn.namespace());
            if (fn.runtime() != null) {
                env.put("SCF_RUNTIME", fn.runtime());
            }
            env.put("TENCENTCLOUD_RUNENV", "SCF");
            env.put("TENCENTCLOUD_REGION", properties.region());
            env.put("TENCENTCLOUD_APPID", properties.appId());
            env.put("TENCENTCLOUD_UIN", properties.uin());
            env.put("USER_CODE_ROOT", codeDir + "/");
            searchPaths(env, codeDir, layerDir);
            process = builder.start();
        } catch (IOException e) {
            portsInUse.values().remove(spec.instanceId());
            log.warn("instance {} of {} could not be started: {}", spec.instanceId(), spec.pool(), e.toString());
            throw new StartFailure(FunctionStatus.CONTAINER_EXITED_BY_USER, "scf_bootstrap could not be executed");
        }
        long t2 = System.nanoTime();
        processes.put(spec.instanceId(), process);
        Instant pidStarted = process.info().startInstant().orElse(null);
        repository.started(spec.instanceId(), spec.pool(), "local", "127.0.0.1", port, process.pid(), pidStarted, clock.instant());
        Thread stdout = pipe(spec, process.getInputStream(), "stdout");
        Thread stderr = pipe(spec, process.getErrorStream(), "stderr");
        process.onExit().thenAccept(p -> {
            // report the exit after the last output line, so the lines land in the request they belong to
            awaitOutput(stdout, stderr);
            Path cgroup = cgroups.remove(spec.instanceId());
            if (cgroup != null) {
                if (memory.oomKilled(cgroup)) {
                    exitReasons.put(spec.instanceId(), FunctionStatus.MEMORY_LIMIT_REACHED);
                    log.info("instance {} of {} went over its {} MB and was killed", spec.instanceId(), spec.pool(), fn.memoryMb());
                }
                memory.remove(cgroup);
            }
            exitReasons.putIfAbsent(spec.instanceId(), FunctionStatus.USER_PROCESS_EXIT);
            portsInUse.values().remove(spec.instanceId());
            processes.remove(spec.instanceId(), p);
            repository.stopped(spec.instanceId(), clock.instant(), "exited with " + p.exitValue());
            spec.listener().exited(spec.instanceId(), p.exitValue());
        });

        long deadline = t2 + TimeUnit.SECONDS.toNanos(fn.initTimeoutSeconds());
        while (true) {
            if (!process.isAlive()) {
                awaitOutput(stdout, stderr);
                stop(spec.instanceId(), "exited before listening");
                throw new StartFailure(FunctionStatus.CONTAINER_EXITED_BY_USER,
                        "scf_bootstrap exited with code " + exitCode(process) + " before listening on port " + port);
            }
            if (accepts(port) && process.isAlive()) {
                long t3 = System.nanoTime();
                return new Started(new Endpoint("127.0.0.1", port), millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
            }
            if (System.nanoTime() > deadline) {
                stop(spec.instanceId(), "never listened");
                awaitOutput(stdout, stderr);
                throw new StartFailure(FunctionStatus.PORT_BINDING_FAILED,
                        "nothing listened on port " + port + " within the init timeout of " + fn.initTimeoutSeconds() + " s");
            }
            // a port has no readiness event to wait on: poll it, briefly
            Thread.sleep(5);
        }
    }

    @Override
    public Optional<FunctionStatus> exitReason(String instanceId, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FunctionStatus reason = exitReasons.get(instanceId);
            if (reason != null || System.nanoTime() > deadline) {
                return Optional.ofNullable(reason);
            }
            // the process's exit is seen a moment after its connections close: poll briefly
            Thread.sleep(10);
        }
    }

    @Override
    public void stop(String instanceId, String reason) {
        Process process = processes.remove(instanceId);
        if (process == null) {
            return;
        }
        signalGroup(process, "TERM");
        try {
            if (!process.waitFor(properties.local().stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                signalGroup(process, "KILL");
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signalGroup(process, "KILL");
        }
        repository.stopped(instanceId, clock.instant(), reason);
    }

    @Override
    public void stopAll() {
        List<String> ids = List.copyOf(processes.keySet());
        ids.parallelStream().forEach(id -> stop(id, "scheduler stopped"));
    }

    /**
     * The instance's resident memory: its main process read now, plus its other processes as of the last
     * {@link #sampleChildren()} (listing descendants walks all of {@code /proc}, too slow for every release).
     */
    @Override
    public double memoryUsedMb(String instanceId) {
        Process process = processes.get(instanceId);
        if (process == null) {
            return 0;
        }
        // read at most every 100 ms an instance: a busy instance ends thousands of invocations a second
        long now = System.nanoTime();
        long[] sampled = rss.compute(instanceId, (id, last) -> last != null && now - last[0] < 100_000_000L ? last
                : new long[] {now, rssKb(process.pid())});
        return (sampled[1] + childrenRssKb.getOrDefault(instanceId, 0L)) / 1024.0;
    }

    /** Each instance's own resident memory (KB) with when it was read ({@link System#nanoTime()}). */
    private final Map<String, long[]> rss = new java.util.concurrent.ConcurrentHashMap<>();

    /** Refreshes the memory of every instance's child processes; called periodically. */
    public void sampleChildren() {
        processes.forEach((id, process) -> childrenRssKb.put(id, descendants(process.pid()).stream().mapToLong(LocalProcessProvider::rssKb).sum()));
        childrenRssKb.keySet().retainAll(processes.keySet());
        rss.keySet().retainAll(processes.keySet());
    }

    /**
     * The pids of a process's descendants, from the kernel's lists of each thread's children
     * ({@code /proc/<pid>/task/<tid>/children}): reads only the family, where {@link ProcessHandle#descendants()} reads
     * every process on the machine (a few milliseconds an instance each second with ~130 processes). Falls back to it
     * where the kernel has no such lists.
     */
    static Collection<Long> descendants(long pid) {
        if (!Files.exists(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"))) {
            return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).toList();
        }
        Set<Long> found = new LinkedHashSet<>();
        ArrayDeque<Long> parents = new ArrayDeque<>(List.of(pid));
        while (!parents.isEmpty()) {
            Long parent = parents.poll();
            try (var tasks = Files.newDirectoryStream(Path.of("/proc", parent.toString(), "task"))) {
                for (Path task : tasks) {
                    for (String child : Files.readString(task.resolve("children")).trim().split(" ")) {
                        if (!child.isEmpty() && found.add(Long.valueOf(child))) {
                            parents.add(Long.valueOf(child));
                        }
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // the process or thread ended while it was read
            }
        }
        return found;
    }

    /**
     * Kills a process left by an earlier run of the scheduler if it is provably the same process (same pid and start
     * time); a process whose start time was not recorded is left alone rather than risk killing a stranger.
     */
    static boolean reap(long pid, Instant pidStartedAt) {
        return ProcessHandle.of(pid)
                .filter(h -> pidStartedAt != null && h.info().startInstant().map(s -> Math.abs(Duration.between(s, pidStartedAt).toMillis()) < 1000).orElse(false))
                .map(h -> {
                    kill("KILL", h.pid());
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                    return true;
                })
                .orElse(false);
    }

    private void signalGroup(Process process, String signal) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (haveSetsid) {
            kill(signal, -process.pid());
        }
        if (signal.equals("KILL")) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } else if (!haveSetsid) {
            descendants.forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static void kill(String signal, long pidOrGroup) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", Long.toString(pidOrGroup)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot send SIG{} to {}: {}", signal, pidOrGroup, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, briefly, until both output streams have been read to their end (a child may hold them open). */
    private static void awaitOutput(Thread stdout, Thread stderr) {
        try {
            stdout.join(Duration.ofSeconds(1));
            stderr.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pipe(Spec spec, InputStream stream, String name) {
        return Thread.ofVirtual().name("instance-" + name + "-" + spec.instanceId()).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    spec.listener().output(spec.instanceId(), name, line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line);
                }
            } catch (IOException ignored) {
                // the process is gone; its exit is reported by onExit
            }
        });
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process ended between listing and reading
        }
        return 0;
    }

    /**
     * A port free now and not handed to another instance of this provider that may not have bound it yet: two starts
     * at once could otherwise get the same port, and the one whose process lost the bind would look ready because the
     * other's listens there (seen in a test run: a request served by the wrong instance).
     */
    private int freePort(String instanceId) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("0.0.0.0", 0));
                port = socket.getLocalPort();
            }
            if (portsInUse.putIfAbsent(port, instanceId) == null) {
                return port;
            }
        }
        throw new IOException("no free port not already given to an instance");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String exitCode(Process process) {
        try {
            return Integer.toString(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
