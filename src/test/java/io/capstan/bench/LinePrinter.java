package io.capstan.bench;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The job of the log scenarios, run by the agent's process backend as a build step: prints {@code --lines} lines of
 * {@code --bytes} bytes (newline included), each starting with its 9-digit number, as fast as the pipe takes them or
 * at {@code --rate} lines per second. Exits quietly when its reader goes away (the agent was killed).
 */
public final class LinePrinter {

    private LinePrinter() {
    }

    /** The text of line {@code n} (without its newline), {@code bytes - 1} characters long. */
    static String text(long n, int bytes) {
        String head = String.format("%09d ", n);
        StringBuilder sb = new StringBuilder(bytes);
        sb.append(head);
        while (sb.length() < bytes - 1) sb.append((char) ('a' + sb.length() % 26));
        return sb.substring(0, Math.max(head.length(), bytes - 1));
    }

    public static void main(String[] args) {
        Map<String, String> opt = BenchAgentMain.options(args);
        long lines = Long.parseLong(opt.getOrDefault("lines", "1000000"));
        int bytes = Integer.parseInt(opt.getOrDefault("bytes", "100"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "0"));
        byte[] tail = text(0, bytes).substring(10).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16)) {
            long start = System.nanoTime();
            byte[] head = new byte[10];
            for (long n = 1; n <= lines; n++) {
                long v = n;
                for (int i = 8; i >= 0; i--) {
                    head[i] = (byte) ('0' + v % 10);
                    v /= 10;
                }
                head[9] = ' ';
                out.write(head);
                out.write(tail);
                out.write('\n');
                if (rate > 0) {
                    out.flush();
                    Waits.sleepUntil(start + (long) (n * 1e9 / rate));
                }
            }
        } catch (IOException e) {
            System.exit(3);
        }
    }
}
