package io.capstan.console.fx;

/** A node that, given some room, may use less of it (a label that chose a shorter wording). */
public interface Fitting {

    /** The width this node uses when laid out in {@code room}: at most the room, unless its minimum is more. */
    double fittedWidth(double room);
}
