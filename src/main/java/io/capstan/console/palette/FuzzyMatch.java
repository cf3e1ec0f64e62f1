package io.capstan.console.palette;

import java.util.Locale;

/**
 * How well a typed query fits an entry's text, as command palettes rank: each word of the query must be found in the
 * text, best at the start of a word ("rest" in "Restart"), then anywhere ("tart"), then as letters in order
 * ("rstrt"). A word that is not found at all rules the entry out. Pure; case-insensitive.
 */
public final class FuzzyMatch {

    /** The score of an entry that does not match. */
    public static final int NO_MATCH = -1;

    private static final int WHOLE_WORD = 120;
    private static final int WORD_START = 100;
    private static final int SUBSTRING = 60;
    private static final int LETTERS_IN_ORDER = 30;

    private FuzzyMatch() {
    }

    /** Higher is better; {@link #NO_MATCH} when some word of {@code query} is not in {@code text}; 0 for an empty query. */
    public static int score(String query, String text) {
        String haystack = text.toLowerCase(Locale.ROOT);
        int total = 0;
        for (String word : query.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int one = scoreWord(word, haystack);
            if (one == NO_MATCH) {
                return NO_MATCH;
            }
            total += one;
        }
        return total;
    }

    private static int scoreWord(String word, String text) {
        int best = NO_MATCH;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            boolean starts = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            int end = at + word.length();
            boolean ends = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            best = Math.max(best, starts && ends ? WHOLE_WORD : starts ? WORD_START : SUBSTRING);
        }
        if (best != NO_MATCH) {
            return best;
        }
        return lettersInOrder(word, text);
    }

    /**
     * Every letter of {@code word} in order, close together; the more letters skipped between them, the lower. Letters
     * scattered over the whole text ("shop" in "Restart analytics on This computer") are not a match.
     */
    private static int lettersInOrder(String word, String text) {
        int from = text.indexOf(word.charAt(0));
        if (from < 0) {
            return NO_MATCH;
        }
        int skipped = 0;
        int at = from;
        for (int i = 1; i < word.length(); i++) {
            int next = text.indexOf(word.charAt(i), at + 1);
            if (next < 0) {
                return NO_MATCH;
            }
            skipped += next - at - 1;
            at = next;
        }
        if (skipped > 2 * word.length()) {
            return NO_MATCH;
        }
        return Math.max(1, LETTERS_IN_ORDER - skipped);
    }
}
