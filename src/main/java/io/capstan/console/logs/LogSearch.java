package io.capstan.console.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled search: plain text (smart case: case-insensitive unless the query has a capital letter, as in less and
 * ripgrep) or a regular expression. Pure; the pane model runs it over every held line, so the plain path avoids
 * allocation and uses {@link String#indexOf} where it can.
 */
public final class LogSearch {

    /** Matches nothing: an empty query, or a regular expression that does not compile. */
    public static final LogSearch NONE = new LogSearch("", null, false, null);

    private final String query;
    private final Pattern pattern;
    private final boolean ignoreCase;
    private final String error;

    private LogSearch(String query, Pattern pattern, boolean ignoreCase, String error) {
        this.query = query;
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
        this.error = error;
    }

    public static LogSearch of(String query, boolean regex) {
        if (query == null || query.isEmpty()) {
            return NONE;
        }
        boolean ignoreCase = query.equals(query.toLowerCase(Locale.ROOT));
        if (!regex) {
            return new LogSearch(query, null, ignoreCase, null);
        }
        try {
            int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
            return new LogSearch(query, Pattern.compile(query, flags), ignoreCase, null);
        } catch (PatternSyntaxException e) {
            return new LogSearch(query, null, false, "Not a valid regular expression: " + e.getDescription());
        }
    }

    public boolean isEmpty() {
        return query.isEmpty() || error != null;
    }

    /** Why the query matches nothing, for the search box's tooltip; null when it is usable. */
    public String error() {
        return error;
    }

    public boolean matches(String text) {
        if (isEmpty()) {
            return false;
        }
        if (pattern != null) {
            return pattern.matcher(text).find();
        }
        return indexOf(text, 0) >= 0;
    }

    /** Every match in {@code text} as {@code [start, end)} pairs, for highlighting one visible row. */
    public List<int[]> ranges(String text) {
        List<int[]> ranges = new ArrayList<>();
        if (isEmpty()) {
            return ranges;
        }
        if (pattern != null) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    ranges.add(new int[] {m.start(), m.end()});
                }
            }
            return ranges;
        }
        int at = indexOf(text, 0);
        while (at >= 0) {
            ranges.add(new int[] {at, at + query.length()});
            at = indexOf(text, at + query.length());
        }
        return ranges;
    }

    private int indexOf(String text, int from) {
        if (!ignoreCase) {
            return text.indexOf(query, from);
        }
        // Case-insensitive without lower-casing every line: find candidates by the first character in both cases.
        char first = query.charAt(0);
        char upper = Character.toUpperCase(first);
        int limit = text.length() - query.length();
        int i = from;
        while (i <= limit) {
            int lo = text.indexOf(first, i);
            int up = upper == first ? -1 : text.indexOf(upper, i);
            int at = lo < 0 ? up : up < 0 ? lo : Math.min(lo, up);
            if (at < 0 || at > limit) {
                return -1;
            }
            if (text.regionMatches(true, at, query, 0, query.length())) {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }
}
