package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSearchTest {

    @Test
    void plainLowerCaseQueriesIgnoreCase() {
        LogSearch search = LogSearch.of("error", false);
        assertThat(search.matches("make: *** ERROR 1")).isTrue();
        assertThat(search.matches("an Error here")).isTrue();
        assertThat(search.matches("err or")).isFalse();
    }

    @Test
    void aCapitalLetterMakesThePlainSearchCaseSensitive() {
        LogSearch search = LogSearch.of("Error", false);
        assertThat(search.matches("an Error here")).isTrue();
        assertThat(search.matches("an error here")).isFalse();
    }

    @Test
    void plainSearchTreatsRegexCharactersLiterally() {
        assertThat(LogSearch.of("a.c", false).matches("abc")).isFalse();
        assertThat(LogSearch.of("a.c", false).matches("xa.cx")).isTrue();
    }

    @Test
    void regexSearchFindsAndRangesCoverEveryMatch() {
        LogSearch search = LogSearch.of("module\\d+_2", true);
        assertThat(search.matches("cc src/module3_2.c")).isTrue();
        assertThat(search.ranges("module1_2 and module22_2")).extracting(r -> r[0] + "-" + r[1])
                .containsExactly("0-9", "14-24");
    }

    @Test
    void anInvalidRegexMatchesNothingAndSaysWhy() {
        LogSearch search = LogSearch.of("step(", true);
        assertThat(search.isEmpty()).isTrue();
        assertThat(search.error()).startsWith("Not a valid regular expression");
        assertThat(search.matches("step(")).isFalse();
    }

    @Test
    void caseInsensitiveRangesFindEveryOccurrence() {
        assertThat(LogSearch.of("ab", false).ranges("AB xab aB")).extracting(r -> r[0]).containsExactly(0, 4, 7);
        assertThat(LogSearch.of("", false).isEmpty()).isTrue();
    }
}
