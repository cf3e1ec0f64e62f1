package io.capstan.console.format;

import io.capstan.protocol.ResourceSample;
import io.capstan.protocol.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * What the services table's Process cell says at each width (decision 161). The process and its figures are a detail:
 * short of room they say less, so that the uptime beside them (a state) keeps its column. Longest first:
 * "4242 ⟋ 0.4% · 45 MB" (pid, CPU sparkline, figures), then without the pid, then without the sparkline, then the CPU
 * alone; only that last one is cut, with an ellipsis. The whole is always in the cell's {@link #tooltip}.
 */
public final class ProcessText {

    /** One wording of the cell: the process ("" for none), whether the sparkline shows, the figures ("" for none). */
    public record Rung(String process, boolean sparkline, String figures) {
    }

    private ProcessText() {
    }

    /** The cell's process: a pid, a container's name, or a swarm service's tasks ("" when it has none). */
    public static String process(Service service) {
        return service.container() != null ? service.container()
                : service.pid() != null ? Long.toString(service.pid()) : SwarmText.tasks(service);
    }

    /**
     * The cell's wordings, longest first, for {@code process} and its latest sample (null while there is none: a
     * stopped service, an offline agent's, a swarm service the agent cannot measure). Without a sample there is only
     * the process, which gives way with an ellipsis.
     */
    public static List<Rung> rungs(String process, ResourceSample latest) {
        if (latest == null) {
            return List.of(new Rung(process, false, ""));
        }
        String figures = ResourceText.cell(latest);
        List<Rung> rungs = new ArrayList<>();
        if (!process.isEmpty()) {
            rungs.add(new Rung(process, true, figures));
        }
        rungs.add(new Rung("", true, figures));
        rungs.add(new Rung("", false, figures));
        // The CPU says most at a glance; before the first interval has passed it is unknown ("–"), and the memory is
        // what there is.
        boolean cpuKnown = latest.cpu() != null && !latest.cpu().isNaN();
        rungs.add(new Rung("", false, cpuKnown ? ResourceText.cpu(latest.cpu()) : ResourceText.memory(latest.memory())));
        return List.copyOf(rungs);
    }

    /**
     * The cell's tooltip, the whole of it whatever the cell shows: "pid 4242 · CPU · memory: 0.4% · 45 MB", "container
     * relay-web-1 · …", or {@code unmeasured} (why there are no figures) after the process; null when there is nothing.
     */
    public static String tooltip(Service service, ResourceSample latest, String unmeasured) {
        String process = service.container() != null ? "container " + service.container()
                : service.pid() != null ? "pid " + service.pid() : SwarmText.tasks(service);
        String figures = latest != null ? "CPU · memory: " + ResourceText.cell(latest) : unmeasured;
        if (figures == null) {
            return process.isEmpty() ? null : process;
        }
        return process.isEmpty() ? figures : process + " · " + figures;
    }
}
