package io.capstan.bench;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.capstan.client.internal.DataFields;
import io.capstan.client.internal.SseEvent;
import io.capstan.client.internal.SseReader;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineBatch;
import io.capstan.protocol.LineStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 * Decision records 61 and 97: the client's SSE decoding of log lines, by okhttp-sse's reader
 * ({@link EventSources#processResponse}, what its {@code EventSource} runs on a response; the client's reader from
 * decision record 61 to 97) with the batch cut out of its data string, against our {@link SseReader} with the batch's
 * fields cut into lines as they are read ({@link LineBatch.Reader}, what the client does now), over the same bytes:
 * 1,000,000 lines of 100 bytes in {@code lines} batches of 1,000, decoded to {@link Line}s. In one JVM, no socket, so
 * only the decoding differs; CPU time and bytes allocated of the decoding thread, per million lines. okhttp-sse is a
 * test dependency for this comparison only. Run: {@code java -cp <test class path> io.capstan.bench.SseDecodeComparison}.
 */
public final class SseDecodeComparison {
    private static final int ROUNDS = 9;

    private SseDecodeComparison() {
    }

    /** One decoding: lines/s, CPU seconds and bytes allocated per million lines. */
    private record Run(double rate, double cpu, double bytes) {
    }

    @FunctionalInterface
    private interface Decode {
        long lines() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] stream = stream(lines);
        System.out.printf(Locale.ROOT, "%,d lines, %,d bytes of SSE; load average %s%n", lines, stream.length,
                Machine.load());
        List<Run> ours = new ArrayList<>();
        List<Run> sse = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ours.add(measure(lines, () -> ours(stream)));
            sse.add(measure(lines, () -> okhttpSse(stream)));
        }
        print("SseReader + LineBatch.Reader", ours);
        print("okhttp-sse + LineBatch.read", sse);
    }

    private static void print(String what, List<Run> runs) {
        double[] rate = runs.stream().mapToDouble(Run::rate).sorted().toArray();
        double[] cpu = runs.stream().mapToDouble(Run::cpu).sorted().toArray();
        double[] bytes = runs.stream().mapToDouble(Run::bytes).sorted().toArray();
        int mid = runs.size() / 2;
        System.out.printf(Locale.ROOT, "%-30s median %,.0f lines/s (best %,.0f); CPU %.3f s per 1M lines (best %.3f); "
                + "%,.0f MB allocated per 1M lines%n", what, rate[mid], rate[rate.length - 1], cpu[mid], cpu[0], bytes[mid] / 1e6);
    }

    private static Run measure(int lines, Decode decode) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
        long id = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = alloc.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        long seen = decode.lines();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seen != lines) throw new IllegalStateException("decoded " + seen + " of " + lines);
        double perMillion = 1e6 / lines;
        return new Run(lines / seconds, (threads.getCurrentThreadCpuTime() - cpu) / 1e9 * perMillion,
                (alloc.getThreadAllocatedBytes(id) - bytes) * perMillion);
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

    /** Our reader, fed in reads of at most 8 KiB (what okio hands over from a socket), each batch cut as it is read. */
    private static long ours(byte[] stream) throws IOException {
        long[] seen = {0};
        InputStream in = new ByteArrayInputStream(stream) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 8192));
            }
        };
        new SseReader(in, new SseReader.Listener() {
            @Override
            public void onEvent(SseEvent event) {
                seen[0] += ((Batch) event.fields()).reader.lines().size();
            }

            @Override
            public DataFields fields(String type) {
                return new Batch();
            }
        }).read();
        return seen[0];
    }

    private static final class Batch implements DataFields {
        final LineBatch.Reader reader = new LineBatch.Reader();

        @Override
        public void field(byte[] buf, int from, int to) {
            reader.field(buf, from, to);
        }
    }

    /** okhttp-sse's reader over a response holding the same bytes, the batch cut out of the event's data string. */
    private static long okhttpSse(byte[] stream) {
        long[] seen = {0};
        Response response = new Response.Builder().request(new Request.Builder().url("http://127.0.0.1/").build())
                .protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(stream, MediaType.get("text/event-stream"))).build();
        EventSources.processResponse(response, new EventSourceListener() {
            @Override
            public void onEvent(EventSource source, String id, String type, String data) {
                seen[0] += LineBatch.read(data).size();
            }
        });
        return seen[0];
    }
}
