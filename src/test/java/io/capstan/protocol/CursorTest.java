package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one resume-point rule: {@code <seq>} and {@code <epoch>:<seq>}, written and read alike on both sides. */
class CursorTest {

    @Test
    void writesAndReadsBothShapes() {
        assertThat(Cursor.of(42).toString()).isEqualTo("42");
        assertThat(Cursor.of("0123456789abcdef", 7).toString()).isEqualTo("0123456789abcdef:7");
        assertThat(Cursor.parseSeq(" 42 ")).contains(Cursor.of(42));
        assertThat(Cursor.parseEpochSeq("0123456789abcdef:7")).contains(Cursor.of("0123456789abcdef", 7));
        assertThat(Cursor.parseEpochSeq(Cursor.of("e1", 999_999_999_999_999_999L).toString()))
                .contains(Cursor.of("e1", 999_999_999_999_999_999L));
    }

    @Test
    void refusesWhatIsNotOne() {
        for (String bad : new String[] {"", "-1", "+1", "1e3", "1 2", "1234567890123456789", "x"}) {
            assertThat(Cursor.parseSeq(bad)).as(bad).isEmpty();
        }
        for (String bad : new String[] {"7", ":7", "e1:", "e1:-7", "a b:7", "e1:7:8", "e1:1234567890123456789"}) {
            assertThat(Cursor.parseEpochSeq(bad)).as(bad).isEmpty();
        }
        assertThat(Cursor.parseSeq(null)).isEmpty();
        assertThat(Cursor.parseEpochSeq(null)).isEmpty();
    }
}
