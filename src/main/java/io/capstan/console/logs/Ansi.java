package io.capstan.console.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the ANSI escapes that build tools print (SGR colours, bold, reset) into plain text plus colour runs, so the
 * pane can colour lines without ever showing raw escape bytes. Other escape sequences (cursor movement, erase) are
 * removed: a log is not a terminal. Pure and allocation-light: lines without an ESC byte are returned as they are.
 */
public final class Ansi {

    private static final char ESC = '\u001b';
    private static final String[] COLOURS = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

    /** A styled stretch {@code [start, end)} of the plain text, with its CSS style classes. */
    public record Run(int start, int end, List<String> styles) {
    }

    /** Plain text and the runs that carry a style (unstyled stretches have no run). */
    public record Parsed(String text, List<Run> runs) {
    }

    private Ansi() {
    }

    public static Parsed parse(String raw) {
        if (raw.indexOf(ESC) < 0) {
            return new Parsed(raw, List.of());
        }
        StringBuilder text = new StringBuilder(raw.length());
        List<Run> runs = new ArrayList<>();
        Style style = new Style();
        int runStart = 0;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != ESC) {
                text.append(c);
                i++;
                continue;
            }
            int end = sequenceEnd(raw, i);
            if (end > i + 2 && raw.charAt(i + 1) == '[' && raw.charAt(end - 1) == 'm') {
                Style next = style.apply(raw.substring(i + 2, end - 1));
                if (!next.equals(style)) {
                    addRun(runs, runStart, text.length(), style);
                    runStart = text.length();
                    style = next;
                }
            }
            i = end;
        }
        addRun(runs, runStart, text.length(), style);
        return new Parsed(text.toString(), List.copyOf(runs));
    }

    /** Index just past the escape sequence starting at {@code start} (CSI ... final byte, or ESC plus one char). */
    private static int sequenceEnd(String raw, int start) {
        if (start + 1 >= raw.length()) {
            return raw.length();
        }
        if (raw.charAt(start + 1) != '[') {
            return start + 2;
        }
        int i = start + 2;
        while (i < raw.length()) {
            char c = raw.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
        }
        return raw.length();
    }

    private static void addRun(List<Run> runs, int start, int end, Style style) {
        if (end > start && !style.isPlain()) {
            runs.add(new Run(start, end, style.classes()));
        }
    }

    /** The SGR state: foreground colour (or -1), bright flag, bold, italic, underline. */
    private record State(int fg, boolean bright, boolean bold, boolean italic, boolean underline) {
    }

    private static final class Style {
        private final State state;

        Style() {
            this(new State(-1, false, false, false, false));
        }

        private Style(State state) {
            this.state = state;
        }

        Style apply(String params) {
            int fg = state.fg();
            boolean bright = state.bright();
            boolean bold = state.bold();
            boolean italic = state.italic();
            boolean underline = state.underline();
            String[] codes = params.isEmpty() ? new String[] {"0"} : params.split(";", -1);
            for (int k = 0; k < codes.length; k++) {
                int code = number(codes[k]);
                if (code == 0) {
                    fg = -1;
                    bright = false;
                    bold = false;
                    italic = false;
                    underline = false;
                } else if (code == 1) {
                    bold = true;
                } else if (code == 3) {
                    italic = true;
                } else if (code == 4) {
                    underline = true;
                } else if (code == 22) {
                    bold = false;
                } else if (code == 23) {
                    italic = false;
                } else if (code == 24) {
                    underline = false;
                } else if (code >= 30 && code <= 37) {
                    fg = code - 30;
                    bright = false;
                } else if (code >= 90 && code <= 97) {
                    fg = code - 90;
                    bright = true;
                } else if (code == 39) {
                    fg = -1;
                    bright = false;
                } else if (code == 38 || code == 48) {
                    // 256-colour and true-colour forms: skip their arguments; the pane keeps its palette.
                    int mode = k + 1 < codes.length ? number(codes[k + 1]) : -1;
                    k += mode == 5 ? 2 : mode == 2 ? 4 : 0;
                }
            }
            return new Style(new State(fg, bright, bold, italic, underline));
        }

        boolean isPlain() {
            return state.fg() < 0 && !state.bold() && !state.italic() && !state.underline();
        }

        List<String> classes() {
            List<String> classes = new ArrayList<>(3);
            if (state.fg() >= 0) {
                classes.add("ansi-" + (state.bright() ? "bright-" : "") + COLOURS[state.fg()]);
            }
            if (state.bold()) {
                classes.add("ansi-bold");
            }
            if (state.italic()) {
                classes.add("ansi-italic");
            }
            if (state.underline()) {
                classes.add("ansi-underline");
            }
            return List.copyOf(classes);
        }

        private static int number(String code) {
            if (code.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(code);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Style that && that.state.equals(state);
        }

        @Override
        public int hashCode() {
            return state.hashCode();
        }
    }
}
