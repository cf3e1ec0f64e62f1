package io.capstan.client.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** String fixtures for the parser alone (failure rows 13 and 14 at the framing level). */
class SseParserTest {
    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Handler() {
        @Override
        public void onEvent(SseEvent event) {
            events.add(event);
        }

        @Override
        public void onComment(String comment) {
            comments.add(comment);
        }

        @Override
        public void onRetry(long millis) {
            retries.add(millis);
        }
    });

    private void feed(String s) {
        parser.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void simpleEventWithIdAndType() {
        feed("id: 7\nevent: line\ndata: {\"a\":1}\n\n");
        assertThat(events).containsExactly(new SseEvent("7", "line", "{\"a\":1}"));
    }

    @Test
    void multiLineDataIsJoinedWithNewline() {
        feed("data: first\ndata:second\ndata:  third\n\n");
        assertThat(events).containsExactly(new SseEvent(null, "message", "first\nsecond\n third"));
    }

    @Test
    void crLfAndCrLfLineEndingsAreAllAccepted() {
        feed("data: a\r\rdata: b\r\n\r\ndata: c\n\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b", "c");
    }

    @Test
    void crLfSplitBetweenTwoReadsIsOneLineEnd() {
        feed("data: a\r");
        feed("\ndata: b\r\n");
        feed("\r");
        feed("\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb");
    }

    @Test
    void commentsAreReportedNotDispatched() {
        feed(": ping\n:hello\n\n");
        assertThat(events).isEmpty();
        assertThat(comments).containsExactly("ping", "hello");
    }

    @Test
    void retryNeedsDigits() {
        feed("retry: 1500\nretry: soon\n\n");
        assertThat(retries).containsExactly(1500L);
    }

    @Test
    void leadingBomIsSkipped() {
        parser.feed(new byte[] {(byte) 0xEF, (byte) 0xBB});
        parser.feed(new byte[] {(byte) 0xBF});
        feed("data: x\n\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndFieldsReset() {
        feed("event: gap\nid: 3\n\ndata: y\n\n");
        assertThat(events).containsExactly(new SseEvent(null, "message", "y"));
    }

    @Test
    void unfinishedEventAtEndOfInputIsNotDispatched() {
        feed("data: half");
        feed("\n");
        assertThat(events).isEmpty();
    }

    @Test
    void fieldWithoutColonAndUnknownFieldsAreHandled() {
        feed("data\nfoo: bar\n\n");
        assertThat(events).containsExactly(new SseEvent(null, "message", ""));
    }

    @Test
    void idWithNulIsIgnored() {
        feed("id: a\0b\ndata: z\n\n");
        assertThat(events).containsExactly(new SseEvent(null, "message", "z"));
    }

    @Test
    void multiByteCharacterSplitAcrossReadsArrivesWhole() {
        String text = "id: 1\ndata: {\"text\":\"h\u00e9llo \u20ac \uD83D\uDE80 \u65e5\u672c\"}\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) parser.feed(new byte[] {b});
        assertThat(events).containsExactly(new SseEvent("1", "message", "{\"text\":\"h\u00e9llo \u20ac \uD83D\uDE80 \u65e5\u672c\"}"));
    }

    @Test
    void payloadWithEscapedNewlinesAndCarriageReturnsStaysIntact() {
        // JSON escapes keep \n and \r out of the framing: the data line is one line.
        feed("data: {\"text\":\"a\\nb\\rc\"}\n\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"text\":\"a\\nb\\rc\"}");
    }

    @Test
    void everySplitPointGivesTheSameEvents() {
        String text = "\uFEFF: hi\r\nid: 1\r\nevent: line\r\ndata: \u00fc\u00df\r\n\r\nid: 2\ndata: two\ndata: lines\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            List<SseEvent> got = new ArrayList<>();
            SseParser p = new SseParser(got::add);
            p.feed(bytes, 0, split);
            p.feed(bytes, split, bytes.length - split);
            assertThat(got).as("split at %d", split).containsExactly(
                    new SseEvent("1", "line", "\u00fc\u00df"), new SseEvent("2", "message", "two\nlines"));
        }
    }
}
