package io.capstan.protocol;

/**
 * Exit codes as people read them: {@code exited 143 (SIGTERM)}, {@code exited 137 (killed)}, {@code exited 1}. A
 * process ended by signal N reports 128 + N on Unix (the agent passes on what the JVM's {@code Process} says), so
 * the usual signals are named; "killed" for SIGKILL because that is what an operator calls it (the OOM killer,
 * {@code kill -9}, a stop that ran out of patience).
 */
public final class ExitStatus {

    private ExitStatus() {
    }

    /** {@code exited 143 (SIGTERM)}; empty for null. */
    public static String describe(Integer code) {
        return code == null ? "" : "exited " + meaning(code);
    }

    /** {@code 143 (SIGTERM)}, {@code 1}: for a column already headed "Exit"; empty for null. */
    public static String meaning(Integer code) {
        if (code == null) {
            return "";
        }
        String signal = signal(code);
        return signal == null ? Integer.toString(code) : code + " (" + signal + ")";
    }

    /** The signal's name for a code above 128 ({@code SIGTERM}, {@code killed}), or null. */
    public static String signal(int code) {
        if (code <= 128 || code > 128 + 64) {
            return null;
        }
        return switch (code - 128) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "killed";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + (code - 128);
        };
    }
}
