package io.capstan.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service in a process group of its own, so that what it leaves behind can be found and stopped (Linux). A daemon's
 * double fork re-parents the grandchild away from the service, so it is no longer among the service's descendants
 * and a stop that walks the tree misses it; it keeps the service's process group, though. The service is started
 * through {@code setsid} (util-linux), which makes it the leader of a new session and group and then runs the
 * command in place (same pid: the JVM's child is never a group leader, so {@code setsid} does not fork). Elsewhere,
 * or without {@code setsid}, services run as before and only their descendants are found.
 */
final class ProcessGroups {
    private static final Path PROC = Path.of("/proc");
    private static final String SETSID = find();

    private ProcessGroups() {
    }

    private static String find() {
        if (!Files.isDirectory(PROC)) return null;
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /**
     * The argument vector that runs {@code argv} as the leader of its own process group, where that is possible.
     * Through {@code setsid} a program that cannot be run would only show as exit code 127 after the start; it is
     * looked up first, so it fails the start as it would without {@code setsid}.
     */
    static List<String> inOwnGroup(List<String> argv, Path workdir) throws IOException {
        if (SETSID == null) return argv;
        if (!runnable(argv.get(0), workdir)) {
            throw new IOException("cannot run program \"" + argv.get(0) + "\": not found or not executable");
        }
        List<String> out = new ArrayList<>(argv.size() + 1);
        out.add(SETSID);
        out.addAll(argv);
        return out;
    }

    /** As {@code execvp} would find it: a path with a slash as it is (relative to the working folder), else on PATH. */
    private static boolean runnable(String program, Path workdir) {
        if (program.contains("/")) return Files.isExecutable(workdir.resolve(program));
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** Every live process in the group {@code root} leads, root excluded; empty when it leads none (or off Linux). */
    static List<ProcessHandle> members(long root) {
        if (SETSID == null) return List.of();
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() != root && group(h.pid()) == root) out.add(h);
        });
        return out;
    }

    /** Whether {@code pid} leads its process group (a service started through {@link #inOwnGroup}). */
    static boolean leadsGroup(long pid) {
        return SETSID != null && group(pid) == pid;
    }

    /** The process group of {@code pid}, from {@code /proc/<pid>/stat} (after the command: state, ppid, pgrp), or -1. */
    private static long group(long pid) {
        try {
            String stat = new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone, or not readable: not a member
        }
    }
}
