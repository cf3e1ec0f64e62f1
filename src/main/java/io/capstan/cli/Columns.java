package io.capstan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rows of cells laid out in columns by the width a reader sees: colour codes take no room on a terminal, so a cell is
 * measured without them (counting {@code "\u001b[32mrunning\u001b[0m"} as 16 wide shifted every later column of a
 * coloured row). Each column is as wide as its widest cell, at least its minimum. picocli's {@code TextTable} was the
 * library candidate: it has fixed column widths and its own markup rather than the escape sequences printed here.
 */
final class Columns {
    /** SGR and other CSI sequences, as a terminal consumes them. */
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");

    private final int[] minimum;
    private final List<String[]> rows = new ArrayList<>();

    /** One minimum width per column. */
    Columns(int... minimum) {
        this.minimum = minimum.clone();
    }

    void add(String... cells) {
        if (cells.length != minimum.length) throw new IllegalArgumentException(cells.length + " cells for " + minimum.length + " columns");
        rows.add(cells.clone());
    }

    /** Each row as a line: cells padded to their column's width, one space apart, the last cell unpadded. */
    List<String> lines() {
        int[] width = minimum.clone();
        for (String[] row : rows) {
            for (int c = 0; c < row.length - 1; c++) width[c] = Math.max(width[c], visibleWidth(row[c]));
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) b.append(' ');
                b.append(row[c]);
                if (c < row.length - 1) b.append(" ".repeat(width[c] - visibleWidth(row[c])));
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }

    /** Characters a terminal shows for {@code text}: escape sequences take none, a code point one column. */
    static int visibleWidth(String text) {
        String shown = text.indexOf('\u001b') < 0 ? text : ESCAPES.matcher(text).replaceAll("");
        return shown.codePointCount(0, shown.length());
    }
}
