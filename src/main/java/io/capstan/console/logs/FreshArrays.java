package io.capstan.console.logs;

import io.capstan.console.fx.Background;

/**
 * A {@link RowStore}'s full-size arrays (a chunk's columns, a text page: just under a megabyte each), each made on a
 * background thread one ahead of need and handed over on the UI thread.
 *
 * <p>Why: making such an array cost the thread that made it 5 to 15 ms under a flood on this machine (the kernel's
 * first touch of a fresh megabyte, and its zeroing), and at 100,000 lines/s a store needs one about thirteen times a
 * second. Made by the UI thread while it took rows in, they were most of the long frames of a flood's steady state
 * (decision record 144). A store asks for a spare only after it has taken a full-size array, so the many short logs of
 * a console never hold one; a store that outruns its spare makes the array itself, as before.
 */
final class FreshArrays {

    private final Background background;
    private byte[] page;
    private long[] columns;
    private boolean pageAsked;
    private boolean columnsAsked;

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
        byte[] ready = page != null && page.length == length ? page : new byte[length];
        page = null;
        if (background != null && !pageAsked) {
            pageAsked = true;
            background.submit(() -> new byte[length], made -> {
                page = made;
                pageAsked = false;
            }, failed -> pageAsked = false);
        }
        return ready;
    }

    /** A zeroed columns array of {@code length} longs; asks for the next one. UI thread. */
    long[] columns(int length) {
        long[] ready = columns != null && columns.length == length ? columns : new long[length];
        columns = null;
        if (background != null && !columnsAsked) {
            columnsAsked = true;
            background.submit(() -> new long[length], made -> {
                columns = made;
                columnsAsked = false;
            }, failed -> columnsAsked = false);
        }
        return ready;
    }
}
