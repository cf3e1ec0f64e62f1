package io.capstan.agent.compose;

import io.capstan.agent.backend.LineSink;
import io.capstan.agent.process.LinePump;
import io.capstan.agent.process.ProcessTree;
import io.capstan.protocol.LineStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the docker and compose CLIs: argument vectors only, the agent's environment plus {@code env}. Every wait
 * is interruptible, and an interrupted command has its whole process tree killed before the interruption is
 * passed on, so a canceled job leaves no CLI behind.
 */
public final class CliCommand {
    /** Colour and cursor sequences: the classic builder colours stderr whatever {@code --ansi never} says. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    private CliCommand() {
    }

    /** What a short command printed. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public Result(int exitCode, String stdout, String stderr) {
            this(exitCode, stdout, stderr, false);
        }

        public boolean ok() {
            return exitCode == 0;
        }

        /** The first non-blank line of stderr (else stdout), for an operator-facing message. */
        public String firstErrorLine() {
            for (String text : List.of(stderr, stdout)) {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) return strip(line.strip());
                }
            }
            return "exit code " + exitCode;
        }
    }

    public static String strip(String text) {
        return text.indexOf('\u001B') < 0 ? text : ANSI.matcher(text).replaceAll("");
    }

    static ProcessBuilder builder(List<String> argv, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (dir != null) pb.directory(dir.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * Runs to completion with stdout and stderr streamed into {@code out} line by line (escape sequences removed).
     * Returns the exit code.
     */
    public static int stream(List<String> argv, Path dir, Map<String, String> env, LineSink out)
            throws IOException, InterruptedException {
        Process p = builder(argv, dir, env).start();
        out.processStarted(p.toHandle(), String.join(" ", argv));
        try {
            return await(p, argv, out);
        } finally {
            out.processEnded(p.toHandle());
        }
    }

    private static int await(Process p, List<String> argv, LineSink out) throws IOException, InterruptedException {
        p.getOutputStream().close();
        LineSink clean = (stream, text) -> out.line(stream, strip(text));
        Thread o = LinePump.start("capstan-compose-stdout", p.getInputStream(), LineStream.STDOUT, clean);
        Thread e = LinePump.start("capstan-compose-stderr", p.getErrorStream(), LineStream.STDERR, clean);
        try {
            int code = p.waitFor();
            // What the command wrote just before it ended belongs to it, before the agent's next line.
            o.join(2000);
            e.join(2000);
            return code;
        } catch (InterruptedException ie) {
            ProcessTree.kill(ProcessTree.of(p.toHandle()));
            o.join(500);
            e.join(500);
            out.system("canceled; killed " + argv.get(0) + " (pid " + p.pid() + ")");
            throw ie;
        }
    }

    /** Runs a short command and collects its output; killed and reported as failed after {@code timeout}. */
    public static Result capture(List<String> argv, Map<String, String> env, Duration timeout) throws InterruptedException {
        Process p;
        try {
            p = builder(argv, null, env).start();
        } catch (IOException e) {
            return new Result(127, "", argv.get(0) + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = readAll(p.getInputStream());
            CompletableFuture<String> err = readAll(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(ProcessTree.of(p.toHandle()));
                return new Result(124, "", "`" + String.join(" ", argv) + "` did not answer within " + timeout.toSeconds() + " s", true);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException | RuntimeException e) {
            ProcessTree.kill(ProcessTree.of(p.toHandle()));
            throw e;
        } catch (IOException e) {
            return new Result(126, "", e.getMessage());
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                f.complete(b.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        }, "capstan-docker-read");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
