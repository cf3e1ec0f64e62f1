package io.capstan.console.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Cuts a row's text into stretches that each carry one set of styles: the ANSI colour of that stretch plus
 * {@code search-hit} where a search match covers it. Pure, so the colouring and highlighting rules are unit-tested
 * without a window.
 */
final class Segments {

    static final String HIT = "search-hit";

    record Segment(String text, List<String> styles) {
    }

    private Segments() {
    }

    static List<Segment> of(String text, List<Ansi.Run> runs, List<int[]> hits) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        cuts.add(text.length());
        for (Ansi.Run run : runs) {
            cuts.add(run.start());
            cuts.add(run.end());
        }
        for (int[] hit : hits) {
            cuts.add(hit[0]);
            cuts.add(hit[1]);
        }
        List<Segment> segments = new ArrayList<>();
        Integer from = cuts.first();
        for (Integer to : cuts.tailSet(from, false)) {
            if (to > from && to <= text.length()) {
                List<String> styles = new ArrayList<>(styleAt(runs, from));
                if (inHit(hits, from)) {
                    styles.add(HIT);
                }
                segments.add(new Segment(text.substring(from, to), List.copyOf(styles)));
            }
            from = to;
        }
        return segments;
    }

    private static List<String> styleAt(List<Ansi.Run> runs, int at) {
        for (Ansi.Run run : runs) {
            if (at >= run.start() && at < run.end()) {
                return run.styles();
            }
        }
        return List.of();
    }

    private static boolean inHit(List<int[]> hits, int at) {
        for (int[] hit : hits) {
            if (at >= hit[0] && at < hit[1]) {
                return true;
            }
        }
        return false;
    }
}
