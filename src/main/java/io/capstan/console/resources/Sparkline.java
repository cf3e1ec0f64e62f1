package io.capstan.console.resources;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A tiny CPU line for a table cell: the last few minutes of samples on a {@link Canvas}, one stroke per redraw, so
 * a row costs one node whatever the number of points (a chart per row would be dozens of nodes and a layout pass).
 * Scaled to the window's busiest sample, at least 10 %, so an idle service reads as flat and a busy one fills it.
 */
public final class Sparkline extends Canvas {
    /** Points drawn: five minutes at the default 5 s interval. */
    static final int POINTS = 60;
    private static final Color LINE = Color.web("#3d8bfd");

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
        g.setStroke(LINE);
        g.setLineWidth(1.2);
        g.beginPath();
        boolean started = false;
        double step = w / (POINTS - 1);
        for (int i = from; i < n; i++) {
            double v = trace.cpu()[i];
            if (Double.isNaN(v)) {
                continue;
            }
            double x = w - (n - 1 - i) * step;
            double y = h - 1 - (h - 2) * (v / max);
            if (started) {
                g.lineTo(x, y);
            } else {
                g.moveTo(x, y);
                started = true;
            }
        }
        g.stroke();
    }
}
