package io.capstan.console.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * A service started a minute ago has 12 samples of a line 60 wide: drawn from the right edge they fill a fifth of the
 * sparkline, and the rest of the cell read as a blank gap in the row. The track spans the width from the first sample,
 * a lone sample shows as a dot, and without a sample nothing is drawn.
 */
class SparklineTest {
    private static final int W = 40;
    private static final int H = 14;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aFewSamplesDrawTheirLineAtTheRightOnATrackAcrossTheWholeWidth() throws Exception {
        PixelReader px = drawn(samples(12, 5.0));
        assertThat(opaque(px, 1, H - 1)).as("the track at the far left").isTrue();
        assertThat(opaque(px, W / 2, H - 1)).as("and in the middle").isTrue();
        assertThat(column(px, 1)).as("no line over the track where there are no samples yet").isEqualTo(1);
        assertThat(column(px, W - 2)).as("the line at the newest sample").isGreaterThanOrEqualTo(1);
        assertThat(rowsAbove(px, W - 3)).as("5 % of a 10 % scale: the line half-way up").isTrue();
    }

    @Test
    void aLoneSampleIsADotAndNoSampleDrawsNothing() throws Exception {
        PixelReader one = drawn(samples(1, 10.0));
        int dot = 0;
        for (int x = W - 4; x < W; x++) {
            for (int y = 0; y < H - 2; y++) {
                if (opaque(one, x, y)) dot++;
            }
        }
        assertThat(dot).as("a dot at the right edge, above the track").isPositive();

        PixelReader none = drawn(ResourceTrace.EMPTY);
        for (int x = 0; x < W; x++) {
            assertThat(column(none, x)).as("column %d", x).isZero();
        }
    }

    private static ResourceTrace samples(int count, double cpu) {
        List<ResourceSample> list = new ArrayList<>();
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(new ResourceSample(t.plusSeconds(5L * i), cpu, 50_000_000L));
        }
        return ResourceTrace.of(list);
    }

    private static PixelReader drawn(ResourceTrace trace) throws Exception {
        return fx(() -> {
            Sparkline line = new Sparkline(W, H);
            line.draw(trace);
            SnapshotParameters params = new SnapshotParameters();
            params.setFill(Color.TRANSPARENT);
            return line.snapshot(params, null).getPixelReader();
        });
    }

    private static boolean opaque(PixelReader px, int x, int y) {
        return px.getColor(x, y).getOpacity() > 0.1;
    }

    /** How many pixels of column {@code x} are drawn. */
    private static int column(PixelReader px, int x) {
        int n = 0;
        for (int y = 0; y < H; y++) {
            if (opaque(px, x, y)) n++;
        }
        return n;
    }

    /** Whether column {@code x} has a drawn pixel in the middle third of the height (the line, not the track). */
    private static boolean rowsAbove(PixelReader px, int x) {
        for (int y = H / 3; y < 2 * H / 3 + 1; y++) {
            if (opaque(px, x, y)) return true;
        }
        return false;
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        return task.get(30, TimeUnit.SECONDS);
    }
}
