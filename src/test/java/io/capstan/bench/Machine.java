package io.capstan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine a run was made on: cores, memory, CPU model, JDK. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s RAM, %s %s, %s", Runtime.getRuntime().availableProcessors(),
                cpuModel(), memory(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows in every figure. */
    static String load() {
        try {
            String[] w = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return w[0] + " / " + w[1] + " / " + w[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /**
     * The CPU time, in milliseconds summed over all cores, that the hypervisor gave to other guests while this one
     * wanted it ({@code steal} in {@code /proc/stat}); -1 where unknown. On a shared VM it comes in bursts that take
     * a third of both cores for seconds, and frames slip with it: a flood's figures are read beside it.
     */
    static long stolenMillis() {
        try {
            String first;
            try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/stat"))) {
                first = r.readLine(); // the sum over all cores; the rest of the file is long (interrupts)
            }
            String[] w = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: in USER_HZ ticks, 100 a second on Linux.
            return w.length > 8 ? Long.parseLong(w[8]) * 10 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
            }
        } catch (Exception e) {
            return "cpu unknown";
        }
        return "cpu unknown";
    }

    private static String memory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            return "? GiB";
        }
        return "? GiB";
    }
}
