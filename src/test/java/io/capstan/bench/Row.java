package io.capstan.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of the benchmark table: our figure, the baseline measured in the same run (null when the issue names
 * none), the unit, and the target. {@code note} says what the figure is made of (sample count, what limits it).
 */
public record Row(String scenario, String name, double ours, Double baseline, String unit, Target target, String note) {

    public Row {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(name);
        Objects.requireNonNull(unit);
        target = target == null ? Target.NONE : target;
        note = note == null ? "" : note;
    }

    public static Row of(String scenario, String name, double ours, Double baseline, String unit, Target target) {
        return new Row(scenario, name, ours, baseline, unit, target, "");
    }

    public Row withNote(String text) {
        return new Row(scenario, name, ours, baseline, unit, target, text);
    }

    /** ours / baseline, or null without a (non-zero) baseline. */
    public Double ratio() {
        if (baseline == null || baseline == 0 || Double.isNaN(baseline)) return null;
        return ours / baseline;
    }

    /** Null when the row has no target. */
    public Boolean met() {
        return target.met(ours);
    }

    /** Finite figures, a unit, and a ratio only where there is a baseline: what the smoke test checks. */
    public boolean wellFormed() {
        return !name.isBlank() && !unit.isBlank() && Double.isFinite(ours) && ours >= 0
                && (baseline == null || Double.isFinite(baseline) && baseline >= 0);
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a != 0 && a < 0.01) return String.format(Locale.ROOT, "%.4f", v);
        if (a < 10) return String.format(Locale.ROOT, "%.2f", v);
        if (a < 1000) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
