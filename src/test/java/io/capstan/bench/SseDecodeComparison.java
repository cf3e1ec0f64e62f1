package io.capstan.bench;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.LineStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * Decision record 61: the client's SSE decoding under our own resume, by our {@link SseParser} or by okhttp-sse's
 * reader ({@link EventSources#processResponse}, what its {@code EventSource} runs on a response), over the same bytes:
 * 1,000,000 lines of 100 bytes in {@code lines} batches of 1,000, decoded to {@link Line}s. {@link SseParser} is the
 * parser the client had (the figures chose okhttp-sse). In one JVM, no socket, so
 * only the parser differs. Run: {@code java -cp <test class path> io.capstan.bench.SseDecodeComparison}.
 */
public final class SseDecodeComparison {
    private SseDecodeComparison() {
    }

    public static void main(String[] args) {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] stream = stream(lines);
        System.out.printf(Locale.ROOT, "%,d lines, %,d bytes of SSE; load average %s%n", lines, stream.length,
                Machine.load());
        double[] ours = new double[7];
        double[] sse = new double[7];
        for (int round = 0; round < ours.length; round++) {
            ours[round] = ours(stream, lines);
            sse[round] = okhttpSse(stream, lines);
        }
        Arrays.sort(ours);
        Arrays.sort(sse);
        System.out.printf(Locale.ROOT, "SseParser:         median %,.0f lines/s, best %,.0f%n", ours[3], ours[6]);
        System.out.printf(Locale.ROOT, "okhttp-sse reader: median %,.0f lines/s, best %,.0f%n", sse[3], sse[6]);
    }

    private static byte[] stream(int lines) {
        ByteArrayBuilder b = new ByteArrayBuilder();
        b.write(": ok\n\n".getBytes(StandardCharsets.US_ASCII));
        Instant t = Instant.parse("2026-12-01T21:00:00.000Z");
        List<Line> batch = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            batch.add(new Line(i, t.plusMillis(i / 50), LineStream.STDOUT, LinePrinter.text(i, 100)));
            if (batch.size() == 1000 || i == lines) {
                b.write(("event: lines\nid: " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                LineBatch.writeData(batch, b);
                b.append('\n');
                batch.clear();
            }
        }
        return b.toByteArray();
    }

    /** Lines/s through our parser, fed 8 KiB at a time as {@code ReconnectingStream} does. */
    private static double ours(byte[] stream, int lines) {
        long[] seen = {0};
        long start = System.nanoTime();
        SseParser parser = new SseParser(e -> seen[0] += LineBatch.read(e.data()).size());
        for (int at = 0; at < stream.length; at += 8192) parser.feed(stream, at, Math.min(8192, stream.length - at));
        return check(seen[0], lines, start);
    }

    /** Lines/s through okhttp-sse's reader over a response holding the same bytes. */
    private static double okhttpSse(byte[] stream, int lines) {
        long[] seen = {0};
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1/").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(stream, MediaType.get("text/event-stream"))).build();
        long start = System.nanoTime();
        EventSources.processResponse(response, new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                seen[0] += LineBatch.read(data).size();
            }
        });
        return check(seen[0], lines, start);
    }

    private static double check(long seen, int lines, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seen != lines) throw new IllegalStateException("decoded " + seen + " of " + lines);
        return lines / seconds;
    }
}
