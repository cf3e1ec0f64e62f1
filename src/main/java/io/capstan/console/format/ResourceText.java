package io.capstan.console.format;

import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.util.List;
import java.util.Locale;

/** CPU and memory as the services table and the detail view word them: "12%", "0.4%", "85 MB", "1.2 GB". */
public final class ResourceText {
    private static final double MB = 1024.0 * 1024.0;

    private ResourceText() {
    }

    /** Percent of one core: whole numbers from 10 up, one decimal below; "–" when unknown. */
    public static String cpu(Double percent) {
        if (percent == null || percent.isNaN()) {
            return "–";
        }
        return percent >= 9.95 ? String.format(Locale.ROOT, "%.0f%%", percent) : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** Resident memory in MB (binary, as {@code top} and Docker show it), GB from 1,000 MB; "–" when unknown. */
    public static String memory(Long bytes) {
        if (bytes == null || bytes < 0) {
            return "–";
        }
        double mb = bytes / MB;
        if (mb >= 1000) {
            return String.format(Locale.ROOT, "%.1f GB", mb / 1024);
        }
        return mb >= 10 ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    /** The table's cell: "12% · 85 MB"; empty when there is no sample (a stopped service). */
    public static String cell(ResourceSample sample) {
        return sample == null ? "" : cpu(sample.cpu()) + " · " + memory(sample.memory());
    }

    /**
     * Whether a service's last CPU and memory figures may be shown as current: only while it has a process and its
     * agent is heard from. The last figures of an exited service, or of any service of an offline agent, are a memory;
     * shown beside live ones they read as current (issue 12), so they are not shown at all.
     */
    public static boolean current(Service service, boolean agentOffline) {
        return !agentOffline && (service.status() == ServiceStatus.RUNNING || service.status() == ServiceStatus.STARTING
                || service.status() == ServiceStatus.STOPPING);
    }

    /**
     * Why the Process cell shows no figures, for its tooltip: "CPU · memory: unknown, agent offline since 17:02:11:
     * timed out" while the agent is offline, else {@link #unmeasured}'s reason; null when there is nothing to explain.
     *
     * @param offline the agent's offline wording ({@link Offline#since}), or null while it is live
     */
    public static String absent(Service service, String offline) {
        return offline != null ? "CPU · memory: unknown, " + offline : unmeasured(service);
    }

    /**
     * Why a running swarm service shows no figures, for the Process cell's tooltip; null for any other service. The
     * agent measures a task only through the engine of the node it runs on (the manager's, and those the operator
     * listed), and sends no figure rather than a part of the service (docs/protocol.md, "Resources").
     */
    public static String unmeasured(Service service) {
        if (service.replicas() == null || service.replicas().running() == 0 || service.resources() != null) {
            return null;
        }
        return "CPU · memory: none for this service: a task runs on a node whose engine the agent does not reach"
                + " (only the manager's and those in CAPSTAN_SWARM_NODE_ENGINES are measured), or its first samples"
                + " are still coming";
    }

    /**
     * A command as one line a person can read and paste into a shell: arguments with spaces or quotes are single-quoted
     * (display only: the agent never runs a command through a shell).
     */
    public static String command(List<String> argv) {
        StringBuilder out = new StringBuilder();
        for (String arg : argv) {
            if (out.length() > 0) {
                out.append(' ');
            }
            boolean plain = !arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,@%+${}".indexOf(c) >= 0);
            out.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }
}
