package io.capstan.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports a process tree listens on, from Linux's {@code /proc}: the socket inodes among each process's open
 * files, matched against the listening sockets of {@code /proc/net/tcp} and {@code tcp6}. Empty elsewhere, or for
 * processes this agent may not look into: the detail view then shows no ports rather than an error.
 */
final class ListeningPorts {
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    static List<Integer> of(List<ProcessHandle> tree) {
        if (!Files.isDirectory(PROC.resolve("net"))) return List.of();
        Set<String> inodes = new HashSet<>();
        for (ProcessHandle h : tree) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(h.pid())).resolve("fd"))) {
                for (Path fd : fds) {
                    String target = readLink(fd);
                    if (target != null && target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                }
            } catch (IOException | SecurityException e) {
                // gone, or not ours to read: no ports from it
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) ports.addAll(listening(PROC.resolve("net").resolve(table), inodes));
        return List.copyOf(ports);
    }

    /** Rows of {@code sl local_address rem_address st ... inode}: the local port of those listening with our inodes. */
    static List<Integer> listening(Path table, Set<String> inodes) {
        List<Integer> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !LISTEN.equals(f[3]) || !inodes.contains(f[9])) continue;
            String local = f[1];
            out.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
        }
        return out;
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
