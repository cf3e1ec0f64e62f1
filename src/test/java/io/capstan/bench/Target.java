package io.capstan.bench;

/** What a row aims at: at most or at least a value, or nothing. */
public record Target(Kind kind, double value) {

    /** How the figure is compared with the value. */
    public enum Kind { NONE, AT_MOST, AT_LEAST }

    public static final Target NONE = new Target(Kind.NONE, 0);

    public static Target atMost(double value) {
        return new Target(Kind.AT_MOST, value);
    }

    public static Target atLeast(double value) {
        return new Target(Kind.AT_LEAST, value);
    }

    /** Null when there is no target. */
    public Boolean met(double figure) {
        return switch (kind) {
            case NONE -> null;
            case AT_MOST -> figure <= value;
            case AT_LEAST -> figure >= value;
        };
    }

    /** By how much a missed target was missed, as a factor of the target (2.0: twice the allowed value). */
    public double missFactor(double figure) {
        if (kind == Kind.AT_MOST) return value == 0 ? Double.POSITIVE_INFINITY : figure / value;
        if (kind == Kind.AT_LEAST) return figure == 0 ? Double.POSITIVE_INFINITY : value / figure;
        return 1;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "";
            case AT_MOST -> "<= " + Row.format(value);
            case AT_LEAST -> ">= " + Row.format(value);
        };
    }
}
