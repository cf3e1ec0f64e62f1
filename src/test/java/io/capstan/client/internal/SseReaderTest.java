package io.capstan.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's SSE reader on bytes (decision record 97), with string fixtures fed in reads of every size and split at
 * every offset: the framing rules the exactly-once resume relies on (an event cut by the end of the stream is never
 * dispatched), the WHATWG line ends, fields and comments, UTF-8 split across reads, the fields of a {@code lines}
 * event handed over as they are read, and the bounds.
 */
class SseReaderTest {

    /** A stream that hands out its bytes in reads no longer than the sizes given, in turn (the last one repeats). */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final int[] sizes;
        private int at;
        private int read;

        Chunked(byte[] bytes, int... sizes) {
            this.bytes = bytes;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads arrays");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == bytes.length) return -1;
            int n = Math.min(Math.min(len, sizes[Math.min(read++, sizes.length - 1)]), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** What the reader made of a stream: {@code id|type|data} per event ({@code lines} fields marked), then retries. */
    private static final class Recorder implements SseReader.Listener {
        final List<String> out = new ArrayList<>();

        @Override
        public void onEvent(SseEvent event) {
            String data = event.fields() instanceof Fields f ? "fields:" + String.join("\n", f.fields) : event.data();
            out.add(event.id() + "|" + event.type() + "|" + data);
        }

        @Override
        public DataFields fields(String type) {
            return "lines".equals(type) ? new Fields() : null;
        }

        @Override
        public void onRetry(long millis) {
            out.add("retry " + millis);
        }
    }

    private static final class Fields implements DataFields {
        final List<String> fields = new ArrayList<>();

        @Override
        public void field(byte[] buf, int from, int to) {
            fields.add(new String(buf, from, to - from, StandardCharsets.UTF_8));
        }
    }

    private static List<String> read(byte[] stream, int... sizes) throws IOException {
        Recorder r = new Recorder();
        new SseReader(new Chunked(stream, sizes), r).read();
        return r.out;
    }

    private static List<String> read(String stream) throws IOException {
        return read(stream.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    }

    /** Every feature at once: BOM, all three line ends, comments, multi-line data, id, retry, multi-byte UTF-8. */
    private static final String EVERYTHING = "\uFEFF: ok\r\n\r\n"
            + "event: lines\nid: 3\ndata: {\"seq\":1}\ndata: [0,\"stdout\",\"h\u00e9llo \u20ac \uD83D\uDE00\"]\n\n"
            + "event: gap\r\nid: 9\r\ndata: x\r\ndata:  two spaces\r\n\r\n"
            + "event: job\rid: 10\rretry: 2500\rdata: {\"\u00fc\":1}\r\r"
            + ": ping\n"
            + "data\n\n"
            + "id: 11\nevent: lines\ndata: {\"seq\":4}\r\ndata: [0,\"stderr\",\"a\\nb\"]\r\n\r\n";

    private static final List<String> EVERYTHING_READ = List.of(
            "3|lines|fields:{\"seq\":1}\n[0,\"stdout\",\"h\u00e9llo \u20ac \uD83D\uDE00\"]",
            "9|gap|x\n two spaces",
            "retry 2500",
            "10|job|{\"\u00fc\":1}",
            "null|message|",
            "11|lines|fields:{\"seq\":4}\n[0,\"stderr\",\"a\\nb\"]");

    @Test
    void theSameEventsWhereverTheReadsSplitTheStream() throws IOException {
        byte[] bytes = EVERYTHING.getBytes(StandardCharsets.UTF_8);
        assertThat(read(bytes, Integer.MAX_VALUE)).isEqualTo(EVERYTHING_READ);
        assertThat(read(bytes, 1)).isEqualTo(EVERYTHING_READ); // a byte per read: every CR apart from its LF, every char split
        for (int split = 1; split < bytes.length; split++) {
            assertThat(read(bytes, split, Integer.MAX_VALUE)).as("split at %d", split).isEqualTo(EVERYTHING_READ);
        }
        for (int size = 2; size < 40; size++) {
            assertThat(read(bytes, size)).as("reads of %d", size).isEqualTo(EVERYTHING_READ);
        }
    }

    @Test
    void anEventCutByTheEndOfTheStreamIsNeverDispatched() throws IOException {
        // A batch cut by a dropped connection never counts, so the resume point stays at the last whole batch.
        String whole = "event: lines\nid: 3\ndata: {\"seq\":1}\n\n";
        String cut = "event: lines\nid: 6\ndata: {\"seq\":4}\ndata: [0,\"stdout\",\"a\"]\n";
        assertThat(read(whole + cut)).containsExactly("3|lines|fields:{\"seq\":1}");
        assertThat(read(whole + "event: gap\nid: 6\ndata: {}\n")).containsExactly("3|lines|fields:{\"seq\":1}");
        assertThat(read(whole + "event: gap\nid: 6\ndata: {}")).containsExactly("3|lines|fields:{\"seq\":1}");
        assertThat(read(whole + "event: gap\nid: 6\ndata: {}\r")).as("a CR ends the field, not the event")
                .containsExactly("3|lines|fields:{\"seq\":1}");
    }

    @Test
    void aBlankLineEndsAnEventAsSoonAsItIsRead() throws IOException {
        // A lone CR ending the blank line dispatches at once, without waiting to see whether an LF follows.
        List<String> seen = new ArrayList<>();
        byte[] first = "event: gap\rdata: 1\r\r".getBytes(StandardCharsets.US_ASCII);
        InputStream in = new InputStream() {
            private int calls;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (calls++ > 0) {
                    assertThat(seen).as("dispatched before the next read").containsExactly("gap 1");
                    return -1;
                }
                System.arraycopy(first, 0, b, off, first.length);
                return first.length;
            }
        };
        new SseReader(in, e -> seen.add(e.type() + " " + e.data())).read();
        assertThat(seen).containsExactly("gap 1");
    }

    @Test
    void commentsUnknownFieldsAndEventsWithoutDataAreNotDispatched() throws IOException {
        assertThat(read(": ping\n\nevent: gap\nid: 4\n\nfoo: bar\ndata: kept\nbar\n\n:x\n\n"))
                .containsExactly("null|message|kept");
    }

    @Test
    void anIdIsTheEventsOwnAndOneHoldingNulIsIgnored() throws IOException {
        assertThat(read("id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000x\ndata: c\n\nid\ndata: d\n\n"))
                .containsExactly("1|message|a", "null|message|b", "null|message|c", "|message|d");
    }

    @Test
    void retryCountsOnlyAsDigits() throws IOException {
        assertThat(read("retry: 100\nretry: 1x\nretry: -5\nretry:\nretry:7\ndata: a\n\n"))
                .containsExactly("retry 100", "retry 7", "null|message|a");
    }

    @Test
    void aFieldLosesOneLeadingSpaceOnlyAndDataLinesJoinWithNewlines() throws IOException {
        assertThat(read("data:a\ndata: b\ndata:  c\ndata\ndata:\n\n")).containsExactly("null|message|a\nb\n c\n\n");
    }

    @Test
    void multiByteUtf8SplitAcrossReadsComesWhole() throws IOException {
        String text = "\u00e9\u20ac\uD83D\uDE00\u4e2d\u6587";
        byte[] bytes = ("event: job\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= 4; size++) {
            assertThat(read(bytes, size)).containsExactly("null|job|" + text);
        }
        assertThat(read(new byte[] {'d', 'a', 't', 'a', ':', (byte) 0xC3, '\n', '\n'}, 1)).as("malformed: U+FFFD")
                .containsExactly("null|message|\uFFFD");
    }

    @Test
    void aHugeLineIsReadWholeAcrossManyReads() throws IOException {
        // The agent's limit is 64 KiB of text; escaped, a line may be six times that on the wire.
        char[] big = new char[400 * 1024];
        Arrays.fill(big, 'x');
        String line = "[0,\"stdout\",\"" + new String(big) + "\"]";
        byte[] bytes = ("event: lines\nid: 1\ndata: {\"seq\":1}\ndata: " + line + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(read(bytes, 8192)).containsExactly("1|lines|fields:{\"seq\":1}\n" + line);
        assertThat(read(("data: " + line + "\n\n").getBytes(StandardCharsets.US_ASCII), 1000)).containsExactly("null|message|" + line);
    }

    @Test
    void aLineOrAnEventOverItsBoundFailsTheRead() {
        byte[] longLine = new byte[300];
        Arrays.fill(longLine, (byte) 'x');
        assertThatThrownBy(() -> new SseReader(new Chunked(longLine, 64), new Recorder(), 256, 1024).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("line");
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        byte[] field = ("data: " + "0123456789".repeat(6) + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 20; i++) many.writeBytes(field);
        for (String type : List.of("gap", "lines")) {
            byte[] event = ("event: " + type + "\n" + many + "\n").getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> new SseReader(new Chunked(event, 64), new Recorder(), 256, 1024).read())
                    .as(type).isInstanceOf(IllegalStateException.class).hasMessageContaining("event");
        }
    }

    @Test
    void anEventWhoseFieldsWentToAReceiverMayNotChangeItsTypeAfterwards() {
        assertThatThrownBy(() -> read("event: lines\ndata: {\"seq\":1}\nevent: gap\n\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("type changed");
    }

    @Test
    void anExceptionOfTheListenerEndsTheRead() {
        byte[] bytes = "data: a\n\ndata: b\n\n".getBytes(StandardCharsets.US_ASCII);
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> new SseReader(new Chunked(bytes, 100), e -> {
            seen.add(e.data());
            throw new IllegalArgumentException("bad event");
        }).read()).hasMessage("bad event");
        assertThat(seen).containsExactly("a");
    }

    @Test
    void escapedNewlinesInsideJsonStayInOneField() throws IOException {
        assertThat(read("event: job\nid: 1\ndata: [0,\"stdout\",\"a\\nb\\r\\u2028\u00e9\u20ac\"]\n\n"))
                .containsExactly("1|job|[0,\"stdout\",\"a\\nb\\r\\u2028\u00e9\u20ac\"]");
    }
}
