package io.capstan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's one table, as aligned text for the terminal and as Markdown for docs/performance.md. */
public final class Table {
    private static final String[] HEAD = {"#", "row", "ours", "baseline", "ours/base", "unit", "target", "met"};

    private Table() {
    }

    static String[] cells(Row r) {
        Double ratio = r.ratio();
        Boolean met = r.met();
        String metText = met == null ? "" : met ? "yes" : "NO (" + Row.format(r.target().missFactor(r.ours())) + "x)";
        return new String[] {r.scenario(), r.name(), Row.format(r.ours()),
                r.baseline() == null ? "-" : Row.format(r.baseline()),
                ratio == null ? "-" : String.format(Locale.ROOT, "%.3g", ratio),
                r.unit(), r.target().toString(), metText};
    }

    public static String text(List<Row> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(HEAD);
        rows.forEach(r -> all.add(cells(r)));
        int[] width = new int[HEAD.length];
        for (String[] c : all) {
            for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < all.size(); n++) {
            String[] c = all.get(n);
            for (int i = 0; i < c.length; i++) {
                boolean left = i == 1 || i == 5 || i == 6 || i == 7;
                String f = "%" + (left ? "-" : "") + width[i] + "s";
                sb.append(String.format(Locale.ROOT, f, c[i])).append(i + 1 < c.length ? "  " : "");
            }
            sb.append(System.lineSeparator());
            if (n == 0) {
                int total = 0;
                for (int w : width) total += w + 2;
                sb.append("-".repeat(total - 2)).append(System.lineSeparator());
            }
        }
        appendNotes(sb, rows, "  ");
        return sb.toString();
    }

    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", HEAD)).append(" |\n");
        sb.append("|---|---|--:|--:|--:|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(String.join(" | ", cells(r)).replace("<=", "≤").replace(">=", "≥")).append(" |\n");
        }
        sb.append('\n');
        appendNotes(sb, rows, "- ");
        return sb.toString();
    }

    private static void appendNotes(StringBuilder sb, List<Row> rows, String bullet) {
        boolean any = false;
        for (Row r : rows) {
            if (r.note().isEmpty()) continue;
            if (!any) sb.append(System.lineSeparator()).append("Notes:").append(System.lineSeparator());
            any = true;
            sb.append(bullet).append(r.scenario()).append(" / ").append(r.name()).append(": ").append(r.note())
                    .append(System.lineSeparator());
        }
    }
}
