package io.capstan.console.fx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * A row whose children give way in an order, not all at once: when the row is short of room, the children of the
 * first rank shrink towards their minimum (the widest first), then those of the next rank, and children with no rank
 * never shrink. An {@code HBox} shares a shortage evenly among everything that can shrink, so a status chip's name was
 * cut while its badge still had a countdown to drop (issue 12, the status bar at 1024 px).
 *
 * <p>A {@link Fitting} child (a {@link FittingLabel}, a nested row) is then given only the width it uses for its
 * room, so a badge that chose a short wording is drawn as a short pill. A row's minimum is its children's; a row
 * that {@link #clipsWhenShort() clips} asks for none: short even of every minimum, it lays its children out at their
 * minimums and clips, so a window is never laid out wider than itself because of it.
 */
public final class GiveWayRow extends Region implements Fitting {

    private static final String RANK = "give-way-rank";
    private static final String GAP = "give-way-gap";

    private final double spacing;
    private final Rectangle clip = new Rectangle();
    private boolean clips;

    public GiveWayRow(double spacing, Node... children) {
        this.spacing = spacing;
        getChildren().addAll(children);
    }

    @Override
    public ObservableList<Node> getChildren() {
        return super.getChildren();
    }

    /** Asks its parent for no minimum width and clips what does not fit even at every child's minimum. */
    public GiveWayRow clipsWhenShort() {
        clips = true;
        setClip(clip);
        return this;
    }

    /**
     * Gives {@code child} a rank: 1 gives way first, then 2, and so on; a child without one never shrinks. The children
     * of a nested row keep their own ranks in the outer row's order (the nested row's rank is not used).
     */
    public static <T extends Node> T givesWay(T child, int rank) {
        child.getProperties().put(RANK, rank);
        return child;
    }

    /** The gap before {@code child} instead of the row's spacing (e.g. a wider one between chips than inside one). */
    public static <T extends Node> T gapBefore(T child, double gap) {
        child.getProperties().put(GAP, gap);
        return child;
    }

    @Override
    protected double computePrefWidth(double height) {
        double sum = gaps();
        for (Node child : getManagedChildren()) {
            sum += child.prefWidth(-1);
        }
        return snappedLeftInset() + sum + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        double sum = clips ? 0 : gaps();
        if (!clips) {
            for (Node child : getManagedChildren()) {
                sum += Math.min(child.prefWidth(-1), child.minWidth(-1));
            }
        }
        return snappedLeftInset() + sum + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double max = 0;
        for (Node child : getManagedChildren()) {
            max = Math.max(max, child.prefHeight(-1));
        }
        return snappedTopInset() + max + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    /** The width this row would use if it were given {@code room}: less than the room when a fitting child shrank. */
    @Override
    public double fittedWidth(double room) {
        double[] given = allot(room - snappedLeftInset() - snappedRightInset());
        double sum = gaps();
        for (double width : given) {
            sum += width;
        }
        return snappedLeftInset() + sum + snappedRightInset();
    }

    @Override
    protected void layoutChildren() {
        double top = snappedTopInset();
        double height = getHeight() - top - snappedBottomInset();
        List<Node> children = getManagedChildren();
        double[] widths = allot(getWidth() - snappedLeftInset() - snappedRightInset());
        double x = snappedLeftInset();
        for (int i = 0; i < children.size(); i++) {
            Node child = children.get(i);
            if (i > 0) {
                x += gap(child);
            }
            double childHeight = Math.min(height, child.prefHeight(widths[i]));
            child.resizeRelocate(snapPositionX(x), snapPositionY(top + (height - childHeight) / 2), snapSizeX(widths[i]),
                    snapSizeY(childHeight));
            x += widths[i];
        }
        if (clips) {
            clip.setWidth(getWidth());
            clip.setHeight(getHeight());
        }
    }

    /** A leaf of this row or of a row nested in it, which {@link #allot} sizes: {@code owner} is our child it is in. */
    private record Leaf(Node node, int owner, int rank) { }

    /**
     * Each managed child's width for {@code room}: prefs, then rank by rank down to minimums, then fitted. A child that
     * is itself a row (not one that clips) takes part leaf by leaf, so ranks hold across rows: every chip's badge says
     * less before any chip's name shortens, instead of the widest chip giving way alone.
     */
    private double[] allot(double room) {
        List<Node> children = getManagedChildren();
        List<Leaf> leaves = new ArrayList<>();
        double[] fixed = new double[children.size()];
        for (int i = 0; i < children.size(); i++) {
            fixed[i] = collect(children.get(i), i, leaves);
        }
        double[] given = new double[leaves.size()];
        double[] min = new double[leaves.size()];
        double total = gaps();
        for (double extra : fixed) {
            total += extra;
        }
        int lastRank = 0;
        for (int i = 0; i < given.length; i++) {
            Node leaf = leaves.get(i).node();
            given[i] = leaf.prefWidth(-1);
            min[i] = Math.min(given[i], leaf.minWidth(-1));
            total += given[i];
            lastRank = Math.max(lastRank, leaves.get(i).rank());
        }
        for (int rank = 1; rank <= lastRank && total > room; rank++) {
            List<Integer> shrinking = new ArrayList<>();
            for (int i = 0; i < given.length; i++) {
                if (leaves.get(i).rank() == rank) {
                    shrinking.add(i);
                }
            }
            total -= waterFill(shrinking, given, min, total - room);
        }
        // A fitting leaf keeps only what it uses; a spacer then takes the rest, so what follows it stays at the end.
        for (int i = 0; i < given.length; i++) {
            Node leaf = leaves.get(i).node();
            if (leaf instanceof Fitting fitting && given[i] < leaf.prefWidth(-1)) {
                double used = Math.max(min[i], Math.min(given[i], fitting.fittedWidth(given[i])));
                total -= given[i] - used;
                given[i] = used;
            }
        }
        growInto(leaves, given, room - total);
        double[] widths = fixed.clone();
        for (int i = 0; i < given.length; i++) {
            widths[leaves.get(i).owner()] += given[i];
        }
        return widths;
    }

    /** Adds {@code child}'s leaves to {@code leaves}; returns the width inside it that no leaf has (gaps, insets). */
    private static double collect(Node child, int owner, List<Leaf> leaves) {
        if (child instanceof GiveWayRow row && !row.clips) {
            double fixed = row.gaps() + row.snappedLeftInset() + row.snappedRightInset();
            for (Node inner : row.getManagedChildren()) {
                fixed += collect(inner, owner, leaves);
            }
            return fixed;
        }
        leaves.add(new Leaf(child, owner, rank(child)));
        return 0;
    }

    /** Shares a surplus among the leaves that grow ({@code HBox.setHgrow(leaf, ALWAYS)}, e.g. a spacer). */
    private static void growInto(List<Leaf> leaves, double[] given, double surplus) {
        if (surplus <= 0) {
            return;
        }
        List<Integer> growing = new ArrayList<>();
        for (int i = 0; i < given.length; i++) {
            if (HBox.getHgrow(leaves.get(i).node()) == Priority.ALWAYS) {
                growing.add(i);
            }
        }
        for (int i : growing) {
            given[i] += surplus / growing.size();
        }
    }

    /**
     * Takes up to {@code excess} from the children at {@code indices}, the widest first: every one ends at the same cap
     * or at its minimum. Returns what was taken.
     */
    private static double waterFill(List<Integer> indices, double[] given, double[] min, double excess) {
        List<Integer> order = new ArrayList<>(indices);
        order.sort(Comparator.comparingDouble((Integer i) -> given[i]).reversed());
        double taken = 0;
        // Lower a common cap step by step: down to the next child's width, or to where the excess is met.
        while (taken < excess) {
            double cap = 0;
            int atCap = 0;
            for (int i : order) {
                if (given[i] > min[i]) {
                    cap = Math.max(cap, given[i]);
                }
            }
            if (cap == 0) {
                break;
            }
            double next = 0;
            for (int i : order) {
                if (given[i] > min[i] && given[i] == cap) {
                    atCap++;
                    next = Math.max(next, min[i]);
                } else if (given[i] < cap && given[i] > min[i]) {
                    next = Math.max(next, given[i]);
                }
            }
            double need = (excess - taken) / atCap;
            // Exactly the next width when the cap reaches it, so equal widths stay equal (no rounding drift).
            double level = need >= cap - next ? next : cap - need;
            for (int i : order) {
                if (given[i] == cap && given[i] > min[i]) {
                    double now = Math.max(min[i], level);
                    taken += given[i] - now;
                    given[i] = now;
                }
            }
            if (level >= cap) {
                break;
            }
        }
        return taken;
    }

    private double gaps() {
        double sum = 0;
        List<Node> children = getManagedChildren();
        for (int i = 1; i < children.size(); i++) {
            sum += gap(children.get(i));
        }
        return sum;
    }

    private double gap(Node child) {
        return child.getProperties().get(GAP) instanceof Double gap ? gap : spacing;
    }

    private static int rank(Node child) {
        return child.getProperties().get(RANK) instanceof Integer rank ? rank : 0;
    }
}
