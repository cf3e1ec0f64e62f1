package io.capstan.cli;

import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.WireNames;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Output for people and for pipes: colour only on an interactive terminal (and never with {@code NO_COLOR}),
 * plain text otherwise, so a script's grep never meets an escape sequence.
 */
final class Terminal {
    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";

    private final PrintWriter out;
    private final boolean colour;

    Terminal(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** {@code --color}: {@code auto} colours an interactive terminal only, and never with {@code NO_COLOR} set. */
    enum When {
        auto, always, never;

        boolean wanted() {
            return wanted(System.console() != null, System.getenv());
        }

        boolean wanted(boolean terminal, Map<String, String> env) {
            return switch (this) {
                case always -> true;
                case never -> false;
                case auto -> terminal && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
            };
        }
    }

    PrintWriter out() {
        return out;
    }

    String paint(String colourCode, String text) {
        return colour ? colourCode + text + RESET : text;
    }

    String status(DeploymentStatus s) {
        String text = WireNames.of(s);
        return switch (s) {
            case RUNNING -> paint(GREEN, text);
            case FAILED -> paint(RED, text);
            case PARTIAL, RESTARTING -> paint(YELLOW, text);
            default -> paint(DIM, text);
        };
    }

    String status(ServiceStatus s) {
        String text = WireNames.of(s);
        return switch (s) {
            case RUNNING -> paint(GREEN, text);
            case EXITED -> paint(RED, text);
            case STARTING, STOPPING, RESTARTING -> paint(YELLOW, text);
            default -> paint(DIM, text);
        };
    }

    /** A service's health in the console's words ("health unknown" for a value of a newer agent); "" for none. */
    String health(HealthStatus h) {
        if (h == null) return "";
        String text = h == HealthStatus.UNKNOWN ? "health unknown" : WireNames.of(h);
        return switch (h) {
            case HEALTHY -> paint(GREEN, text);
            case UNHEALTHY -> paint(RED, text);
            case STARTING -> paint(YELLOW, text);
            default -> paint(DIM, text);
        };
    }

    String status(JobStatus s) {
        String text = WireNames.of(s);
        return switch (s) {
            case SUCCEEDED -> paint(GREEN, text);
            case FAILED, INTERRUPTED -> paint(RED, text);
            case CANCELED, RUNNING, QUEUED -> paint(YELLOW, text);
            default -> text;
        };
    }

    /** A job or log line: stderr red, the agent's own lines dim; the text's own ANSI colours pass through. */
    void line(LineStream stream, String text) {
        String shown = switch (stream) {
            case STDERR -> paint(RED, text);
            case SYSTEM -> paint(DIM, "» " + text);
            default -> text;
        };
        out.println(shown);
    }

    /** Colours a deployment log's service prefixes take in turn (none red: red is stderr). */
    private static final String[] SERVICE_COLOURS = {
        "\u001b[36m", "\u001b[35m", "\u001b[34m", "\u001b[32m", "\u001b[33m", "\u001b[96m", "\u001b[95m", "\u001b[94m"};

    /** A line of one service in a deployment's log: its prefix in the service's colour, then the line as {@link #line}. */
    void prefixed(String prefix, int service, LineStream stream, String text) {
        out.print(paint(SERVICE_COLOURS[Math.floorMod(service, SERVICE_COLOURS.length)], prefix));
        line(stream, text);
    }

    void note(String text) {
        out.println(paint(DIM, text));
        out.flush();
    }
}
