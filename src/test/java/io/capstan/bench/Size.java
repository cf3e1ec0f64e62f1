package io.capstan.bench;

/** How big a run is: SMOKE for the unit test (seconds), QUICK for a first look, FULL for the published figures. */
public enum Size {
    SMOKE, QUICK, FULL;

    public int pick(int smoke, int quick, int full) {
        return switch (this) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case FULL -> full;
        };
    }
}
