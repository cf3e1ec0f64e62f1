package io.capstan.console.resources;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A tiny CPU line for a table cell: the last few minutes of samples on a {@link Canvas}, one stroke per redraw, so
 * a row costs one node whatever the number of points (a chart per row would be dozens of nodes and a layout pass).
 * Scaled to the window's busiest sample, at least 10 %, so an idle service reads as flat and a busy one fills it.
 *
 * <p>The newest sample is at the right edge and the line grows leftwards, one point a sampling interval; under it a
 * faint track spans the whole width from the first sample on, so a service started a minute ago shows a short line
 * on a chart, not a blank gap in its row with a few pixels at its end, and a single sample shows as a dot.
 */
public final class Sparkline extends Canvas {
    /** Points drawn: five minutes at the default 5 s interval. */
    static final int POINTS = 60;
    private static final Color LINE = Color.web("#3d8bfd");
    /** The track: the line's colour, faint, readable on the light and the dark theme alike. */
    static final Color TRACK = Color.web("#3d8bfd", 0.3);

    public Sparkline(double width, double height) {
        super(width, height);
        getStyleClass().add("sparkline");
    }

    /** Redraws from {@code trace}'s newest {@link #POINTS} CPU figures; unknown figures are skipped. */
    public void draw(ResourceTrace trace) {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.clearRect(0, 0, w, h);
        int n = trace.size();
        int from = Math.max(0, n - POINTS);
        double max = 10;
        for (int i = from; i < n; i++) {
            if (!Double.isNaN(trace.cpu()[i])) {
                max = Math.max(max, trace.cpu()[i]);
            }
        }
        int known = 0;
        for (int i = from; i < n; i++) {
            if (!Double.isNaN(trace.cpu()[i])) {
                known++;
            }
        }
        if (known == 0) {
            return;
        }
        g.setStroke(TRACK);
        g.setLineWidth(1);
        g.strokeLine(0, h - 0.5, w, h - 0.5);
        g.setStroke(LINE);
        g.setLineWidth(1.2);
        g.beginPath();
        boolean started = false;
        double step = w / (POINTS - 1);
        double lastX = 0;
        double lastY = 0;
        for (int i = from; i < n; i++) {
            double v = trace.cpu()[i];
            if (Double.isNaN(v)) {
                continue;
            }
            lastX = w - (n - 1 - i) * step;
            lastY = h - 1 - (h - 2) * (v / max);
            if (started) {
                g.lineTo(lastX, lastY);
            } else {
                g.moveTo(lastX, lastY);
                started = true;
            }
        }
        g.stroke();
        if (known == 1) {
            // A path of one point draws nothing.
            g.setFill(LINE);
            g.fillOval(Math.min(lastX, w - 1.5) - 1.5, lastY - 1.5, 3, 3);
        }
    }
}
