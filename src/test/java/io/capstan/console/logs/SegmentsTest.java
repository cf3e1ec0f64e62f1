package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    @Test
    void aSearchHitInsideAColouredRunKeepsTheColourAndAddsTheHighlight() {
        Ansi.Parsed parsed = Ansi.parse("ok \u001b[31mFAILED\u001b[0m done");
        List<Segments.Segment> segments = Segments.of(parsed.text(), parsed.runs(), LogSearch.of("fail", false).ranges(parsed.text()));
        assertThat(segments).containsExactly(
                new Segments.Segment("ok ", List.of()),
                new Segments.Segment("FAIL", List.of("ansi-red", Segments.HIT)),
                new Segments.Segment("ED", List.of("ansi-red")),
                new Segments.Segment(" done", List.of()));
    }

    @Test
    void segmentsTogetherAreTheWholeText() {
        String text = "abc abc abc";
        List<Segments.Segment> segments = Segments.of(text, List.of(), LogSearch.of("b", false).ranges(text));
        assertThat(String.join("", segments.stream().map(Segments.Segment::text).toList())).isEqualTo(text);
        assertThat(segments.stream().filter(s -> s.styles().contains(Segments.HIT)).count()).isEqualTo(3);
    }
}
