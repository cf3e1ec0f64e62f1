package io.capstan.console;

import io.capstan.console.deployments.DeploymentsViewModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;

/**
 * Start-up marks for the benchmark (docs/performance.md, scenario 7). Only with {@code -Dcapstan.startupMarks=true}:
 * the console then prints {@code capstan-mark first-frame}, {@code capstan-mark deployments-frame} and
 * {@code capstan-mark interactive} on stdout, and the benchmark times them from the process start. Without the
 * property nothing is installed.
 *
 * <ul>
 *   <li>first-frame: the first pulse of the shown window, after layout (it is rendered in that pulse);</li>
 *   <li>deployments-frame: the first pulse whose layout includes at least one deployment in the tree;</li>
 *   <li>interactive: the next pulse after that one: the frame is on screen and the FX thread is back, free to take
 *       input.</li>
 * </ul>
 *
 * <p>Each mark also carries what the process has spent to get there, which a busy machine distorts far less than
 * wall time (decision record 54): {@code cpu=} the whole process's CPU milliseconds (user + system), then the same
 * split by thread ({@code jit=} the JIT compilers, {@code fx=} the FX thread, {@code bg=} the console's background
 * threads, which start the embedded agent, {@code agent=} the embedded agent's own threads, {@code gc=}, and
 * {@code other=} the rest: JavaFX's renderer, the client's threads, the JVM's), and {@code classes=} the classes
 * loaded so far. Linux only for the CPU figures (read from {@code /proc/self}); elsewhere they are left out.
 */
public final class StartupMarks {
    static final String PROPERTY = "capstan.startupMarks";
    private static final boolean STEPS = Boolean.getBoolean("capstan.startupSteps");
    /** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms. */
    private static final double MS_PER_TICK = 10;

    private StartupMarks() {
    }

    static void install(Scene scene, DeploymentsViewModel deployments) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        Runnable[] pulse = new Runnable[1];
        boolean[] first = {true};
        pulse[0] = () -> {
            if (first[0]) {
                first[0] = false;
                print("first-frame");
            }
            if (deployments.treeProperty().get().stream().anyMatch(tree -> !tree.deployments().isEmpty())) {
                print("deployments-frame");
                scene.removePostLayoutPulseListener(pulse[0]);
                // An animation timer asks for one more pulse even if nothing else is dirty.
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        print("interactive");
                    }
                }.start();
            }
        };
        scene.addPostLayoutPulseListener(pulse[0]);
    }

    /**
     * A step of the start for profiling it ({@code -Dcapstan.startupSteps=true}): {@code capstan-step NAME} with the
     * JVM's uptime, the calling thread's CPU and the classes loaded so far, in milliseconds. Cheap enough to leave in:
     * without the property it reads one boolean.
     */
    public static void step(String name) {
        if (!STEPS) {
            return;
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "capstan-step %s uptime=%d thread=%s thread-cpu=%d classes=%d%n", name,
                ManagementFactory.getRuntimeMXBean().getUptime(), Thread.currentThread().getName().replace(' ', '-'),
                threads.getCurrentThreadCpuTime() / 1_000_000, ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
    }

    /** Prints one mark with the process's CPU and class figures; also used by the benchmark's empty-window baseline. */
    public static void print(String name) {
        step(name);
        StringBuilder line = new StringBuilder("capstan-mark ").append(name);
        cpuByThread().forEach((group, ms) -> line.append(' ').append(group).append('=').append(Math.round(ms)));
        line.append(" classes=").append(ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.println(line);
        System.out.flush();
    }

    /** CPU milliseconds of the process ("cpu") and of its thread groups; empty where /proc is not there. */
    static Map<String, Double> cpuByThread() {
        Map<String, Double> ms = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return ms;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException ended) {
                    continue; // the thread ended while we listed them
                }
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(stat.indexOf('(') + 1, close);
                // Fields after the name: state is field 3, utime 14 and stime 15 (proc(5)).
                String[] f = stat.substring(close + 2).split(" ");
                double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
                ms.merge("cpu", cpu, Double::sum);
                ms.merge(group(comm), cpu, Double::sum);
            }
        } catch (IOException | RuntimeException unreadable) {
            ms.clear();
        }
        return ms;
    }

    /** Linux keeps the first 15 characters of a thread's name. */
    private static String group(String comm) {
        String name = comm.toLowerCase(Locale.ROOT);
        if (name.startsWith("c1 compilerthre") || name.startsWith("c2 compilerthre")) return "jit";
        if (name.startsWith("javafx applicat")) return "fx";
        if (name.startsWith("capstan-console")) return "bg";
        if (name.startsWith("capstan-http") || name.startsWith("capstan-job") || name.startsWith("capstan-catalog")
                || name.startsWith("capstan-publish") || name.startsWith("capstan-compose") || name.startsWith("capstan-swarm")
                || name.startsWith("capstan-supervi")) return "agent";
        if (name.startsWith("gc ") || name.startsWith("g1 ")) return "gc";
        return "other";
    }
}
