package io.capstan.console.logs;

import io.capstan.console.fx.Background;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A {@link RowStore}'s full-size arrays (a chunk's columns, a text page: just under a megabyte each), each made on a
 * background thread one ahead of need and handed over on the UI thread.
 *
 * <p>Why: making such an array cost the thread that made it 5 to 15 ms under a flood on this machine (the kernel's
 * first touch of a fresh megabyte, and its zeroing), and at 100,000 lines/s a store needs one about thirteen times a
 * second. Made by the UI thread while it took rows in, they were most of the long frames of a flood's steady state
 * (decision record 144). A store asks for a spare only after it has taken a full-size array, or once its first,
 * growing chunk or page has grown to a quarter of the full size (past some 4,000 rows or 128 KB of text), so that a
 * flood's first full-size arrays are made ahead too, where the UI thread made them in the flood's first half second
 * (decision record 154); the many short logs of a console never hold one. A store that outruns its spare makes the
 * array itself, as before.
 */
final class FreshArrays {

    private final Background background;
    private final Spare<byte[]> pages = new Spare<>(byte[]::new, page -> page.length);
    private final Spare<long[]> columns = new Spare<>(long[]::new, columns -> columns.length);

    /** @param background makes the spares; {@code null} makes every array on the caller's thread */
    FreshArrays(Background background) {
        this.background = background;
    }

    /** Arrays made on the caller's thread, never ahead (a store no flood reaches, tests). */
    static FreshArrays inline() {
        return new FreshArrays(null);
    }

    /** A zeroed text page of {@code length} bytes; asks for the next one. UI thread. */
    byte[] page(int length) {
        return pages.take(length, background);
    }

    /** A zeroed columns array of {@code length} longs; asks for the next one. UI thread. */
    long[] columns(int length) {
        return columns.take(length, background);
    }

    /** A page of {@code length} bytes that starts with {@code grown}'s; asks for the next one. UI thread. */
    byte[] grownPage(byte[] grown, int length) {
        byte[] page = page(length);
        System.arraycopy(grown, 0, page, 0, Math.min(grown.length, length));
        return page;
    }

    /** Columns of {@code length} longs that start with {@code grown}'s; asks for the next one. UI thread. */
    long[] grownColumns(long[] grown, int length) {
        long[] more = columns(length);
        System.arraycopy(grown, 0, more, 0, Math.min(grown.length, length));
        return more;
    }

    /** Asks for a page of {@code length} bytes to be made ahead, unless one is made or being made. UI thread. */
    void pageAhead(int length) {
        pages.ahead(length, background);
    }

    /** Asks for columns of {@code length} longs to be made ahead, unless they are made or being made. UI thread. */
    void columnsAhead(int length) {
        columns.ahead(length, background);
    }

    /** One kind of array: the spare made ahead, if any, and whether one is being made. */
    private static final class Spare<A> {
        private final IntFunction<A> make;
        private final ToIntFunction<A> length;
        private A ready;
        private boolean asked;

        Spare(IntFunction<A> make, ToIntFunction<A> length) {
            this.make = make;
            this.length = length;
        }

        /** The spare if it has that length, else a new array; then asks {@code background}, if any, for the next. */
        A take(int size, Background background) {
            A taken = ready != null && length.applyAsInt(ready) == size ? ready : make.apply(size);
            ready = null;
            ask(size, background);
            return taken;
        }

        /** Asks for a spare of {@code size} unless one is there or asked for. */
        void ahead(int size, Background background) {
            if (ready == null) {
                ask(size, background);
            }
        }

        private void ask(int size, Background background) {
            if (background != null && !asked) {
                asked = true;
                background.submit(() -> make.apply(size), made -> {
                    ready = made;
                    asked = false;
                }, failed -> asked = false);
            }
        }
    }
}
