package dev.faas.function.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.faas.contracts.error.ScfError;

/**
 * File-system mounts (spec part 2 §12.2–§12.4): at most three, in a VPC, a {@code CfsId} each, and the local-directory
 * rules exactly as the spec gives them: absolute, no {@code .}/{@code ..}, not a system path or below one, not
 * {@code /}, {@code /home} or {@code /data} themselves, no two equal or nested (compared by path segments, so
 * {@code /mnt/a} and {@code /mnt/ab} are not nested). Part of {@link FunctionRules}; rows in {@code FunctionRulesTest}.
 */
final class MountRules {
    static final int MAX_MOUNTS = 3;
    /** Mount points that would hide the system or the platform, with everything below them. */
    private static final List<String> FORBIDDEN_MOUNT_TREES = List.of("/bin", "/boot", "/code", "/dev", "/etc", "/lib", "/lib64",
            "/media", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/data/scf");
    /** Mount points refused themselves; paths below them are fine. */
    private static final Set<String> FORBIDDEN_MOUNT_POINTS = Set.of("/", "/home", "/data");

    private MountRules() {
    }

    static Optional<FunctionRules.Refusal> check(FunctionConfig.CfsConfig cfs, FunctionConfig.VpcConfig vpc) {
        if (cfs == null || cfs.cfsInsList() == null || cfs.cfsInsList().isEmpty()) {
            return Optional.empty();
        }
        List<FunctionConfig.CfsMount> mounts = cfs.cfsInsList();
        if (mounts.size() > MAX_MOUNTS) {
            return FunctionRules.refuse(ScfError.INVALID_CFS, "A function mounts at most " + MAX_MOUNTS + " file systems.");
        }
        if (!FunctionRules.inVpc(vpc)) {
            return FunctionRules.refuse(ScfError.INVALID_CFS, "File-system mounts need the function in a VPC (VpcConfig).");
        }
        List<List<String>> dirs = new ArrayList<>();
        for (FunctionConfig.CfsMount m : mounts) {
            if (m == null || m.cfsId() == null || !FunctionRules.RESOURCE_ID.matcher(m.cfsId()).matches()) {
                return FunctionRules.refuse(ScfError.INVALID_CFS, "Each mount needs CfsId, the file system to mount.");
            }
            if (m.remoteMountDir() != null && !m.remoteMountDir().startsWith("/")) {
                return FunctionRules.refuse(ScfError.INVALID_CFS, "RemoteMountDir must be an absolute path.");
            }
            for (String id : new String[] {m.userId(), m.userGroupId()}) {
                if (id != null && !id.matches("\\d{1,10}")) {
                    return FunctionRules.refuse(ScfError.INVALID_CFS, "UserId and UserGroupId are numeric ids.");
                }
            }
            Optional<String> problem = localMountDirProblem(m.localMountDir());
            if (problem.isPresent()) {
                return FunctionRules.refuse(ScfError.INVALID_LOCAL_MOUNT_DIR, problem.get());
            }
            List<String> segments = segments(m.localMountDir());
            for (List<String> other : dirs) {
                if (other.equals(segments)) {
                    return FunctionRules.refuse(ScfError.INVALID_LOCAL_MOUNT_DIR, "LocalMountDir " + m.localMountDir() + " is used by two mounts.");
                }
                if (isPrefix(other, segments) || isPrefix(segments, other)) {
                    return FunctionRules.refuse(ScfError.INVALID_LOCAL_MOUNT_DIR, "LocalMountDir " + m.localMountDir() + " is nested in or holds another mount.");
                }
            }
            dirs.add(segments);
        }
        return Optional.empty();
    }

    /** Why a local mount directory is refused, or empty: absolute, no '.'/'..', not a system path (§12.4). */
    static Optional<String> localMountDirProblem(String dir) {
        if (dir == null || !dir.startsWith("/") || dir.length() > 512) {
            return Optional.of("LocalMountDir must be an absolute path such as /mnt/data.");
        }
        List<String> segments = segments(dir);
        if (segments.stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            return Optional.of("LocalMountDir may not hold '.' or '..' segments.");
        }
        String normal = "/" + String.join("/", segments);
        if (FORBIDDEN_MOUNT_POINTS.contains(normal)) {
            return Optional.of("LocalMountDir may not be " + normal + " itself; use a directory below it.");
        }
        for (String tree : FORBIDDEN_MOUNT_TREES) {
            if (isPrefix(segments(tree), segments)) {
                return Optional.of("LocalMountDir may not be " + tree + " or below it.");
            }
        }
        return Optional.empty();
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean isPrefix(List<String> prefix, List<String> path) {
        return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
    }

}
