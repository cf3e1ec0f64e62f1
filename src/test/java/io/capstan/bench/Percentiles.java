package io.capstan.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of samples; small enough not to need HdrHistogram for a few thousand samples. */
public final class Percentiles {
    private final double[] sorted;

    private Percentiles(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    public static Percentiles of(Collection<? extends Number> values) {
        return new Percentiles(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public static Percentiles of(double... values) {
        return new Percentiles(values);
    }

    public int count() {
        return sorted.length;
    }

    /** The nearest-rank p-th percentile (0 < p <= 100); NaN without samples. */
    public double p(double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }
}
