package io.capstan.agent.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one probe of a {@link HealthCheck} on the calling thread, bounded by the check's timeout, and says what it saw
 * in one line an operator can act on ("HTTP 503: overloaded", "connection refused", "exit code 1: no such table").
 */
final class HealthProbe {
    /** Output kept from a probe: enough for a reason, not a log. */
    static final int MAX_OUTPUT = 1000;

    /** One probe's verdict and what it saw. */
    record Result(boolean healthy, String output) {
    }

    private HealthProbe() {
    }

    static Result run(HealthCheck check, Path workdir, Map<String, String> env) throws InterruptedException {
        try {
            if (check.http() != null) return http(check);
            if (check.command() != null) return command(check, workdir, env);
            return tcp(check);
        } catch (IOException e) {
            return new Result(false, reason(e));
        }
    }

    private static Result http(HealthCheck check) throws IOException {
        HttpURLConnection c = (HttpURLConnection) check.http().toURL().openConnection(java.net.Proxy.NO_PROXY);
        int millis = (int) Math.min(Integer.MAX_VALUE, check.timeout().toMillis());
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        try {
            int code = c.getResponseCode();
            InputStream body = code >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = body == null ? "" : new String(body.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8).strip();
            return new Result(code >= 200 && code < 400, clip("HTTP " + code + (text.isEmpty() ? "" : ": " + text)));
        } finally {
            c.disconnect();
        }
    }

    private static Result tcp(HealthCheck check) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(check.tcpHost(), check.tcpPort()), (int) check.timeout().toMillis());
            return new Result(true, "connected to " + check.tcpHost() + ":" + check.tcpPort());
        }
    }

    /** Output goes to a file, not a pipe: a probe that prints a lot can neither block nor need a reader thread. */
    private static Result command(HealthCheck check, Path workdir, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("capstan-health", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(check.command()).directory(workdir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(check.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.kill(ProcessTree.of(p.toHandle()));
                return new Result(false, "timed out after " + ServiceSupervisor.format(check.timeout()) + tail(out));
            }
            int code = p.exitValue();
            return new Result(code == 0, "exit code " + code + tail(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path file) throws IOException {
        long size = Files.size(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.max(0, size - MAX_OUTPUT));
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** "connection refused", "timed out": the exception's own words, without its class. */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.SocketTimeoutException) return "timed out" + (m == null ? "" : " (" + m + ")");
        if (e instanceof java.net.ConnectException) return m == null ? "connection refused" : m.toLowerCase(java.util.Locale.ROOT);
        return clip(m == null ? e.getClass().getSimpleName() : m);
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= MAX_OUTPUT ? one : one.substring(0, MAX_OUTPUT) + "…";
    }
}
