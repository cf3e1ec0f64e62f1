package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnsiTest {

    @Test
    void plainTextIsReturnedAsItIsWithoutRuns() {
        String text = "Step 3/9 : RUN make";
        Ansi.Parsed parsed = Ansi.parse(text);
        assertThat(parsed.text()).isSameAs(text);
        assertThat(parsed.runs()).isEmpty();
    }

    @Test
    void colourAndBoldBecomeRunsOverThePlainText() {
        Ansi.Parsed parsed = Ansi.parse("ok \u001b[1;31mFAILED\u001b[0m done");
        assertThat(parsed.text()).isEqualTo("ok FAILED done");
        assertThat(parsed.runs()).containsExactly(new Ansi.Run(3, 9, List.of("ansi-red", "ansi-bold")));
    }

    @Test
    void brightColoursResetsAndDefaultForegroundAreUnderstood() {
        Ansi.Parsed parsed = Ansi.parse("\u001b[92mgreen\u001b[39m plain \u001b[4munder\u001b[m");
        assertThat(parsed.text()).isEqualTo("green plain under");
        assertThat(parsed.runs()).containsExactly(
                new Ansi.Run(0, 5, List.of("ansi-bright-green")),
                new Ansi.Run(12, 17, List.of("ansi-underline")));
    }

    @Test
    void otherEscapesAndExtendedColoursAreRemovedNotShown() {
        Ansi.Parsed parsed = Ansi.parse("\u001b[2K\u001b[1Gprogress \u001b[38;5;208morange\u001b[0m \u001b[38;2;1;2;3mrgb");
        assertThat(parsed.text()).isEqualTo("progress orange rgb");
        assertThat(parsed.runs()).isEmpty();
    }

    @Test
    void aTruncatedEscapeAtTheEndIsDropped() {
        assertThat(Ansi.parse("tail \u001b[3").text()).isEqualTo("tail ");
        assertThat(Ansi.parse("tail \u001b").text()).isEqualTo("tail ");
    }
}
