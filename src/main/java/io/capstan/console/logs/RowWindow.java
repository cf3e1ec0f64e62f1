package io.capstan.console.logs;

import java.util.Arrays;

/**
 * Which rows a fixed-row view shows, and which of its row nodes shows each: the arithmetic of {@link FixedRows}
 * without a scene, so scrolling, following and recycling are unit-tested.
 *
 * <p>Every row is one line high, so a scroll position is a row index ({@link #top()}) and the rows shown are
 * {@code top} to {@code top + slots - 1} (the last one may be cut by the viewport's bottom edge). A row is drawn by
 * the slot {@code (index + shift) mod slots}: scrolling by three rows leaves every other row in the slot that
 * already shows it, so only three slots are drawn again ({@link #claim}), and removing rows from the front (a pane
 * at its capacity) moves {@code shift} with them instead of moving every row to another slot.
 */
final class RowWindow {

    private int size;
    /** Rows that fit entirely in the viewport; the bottom row is one of them when the view is at its end. */
    private int fullRows = 1;
    /** Row nodes the view needs: the full rows and the one the bottom edge cuts. */
    private int slots = 1;
    private int top;
    private long shift;
    /** The key of what each slot shows now (a row's ordinal), or -1 for nothing known. */
    private long[] shownKeys = {-1};

    int size() {
        return size;
    }

    int top() {
        return top;
    }

    int fullRows() {
        return fullRows;
    }

    /** How many row nodes the view keeps. */
    int slots() {
        return slots;
    }

    /** The highest {@link #top()}: the last row is the lowest full row. */
    int maxTop() {
        return Math.max(0, size - fullRows);
    }

    /** How many rows are on screen now, from {@link #top()} on. */
    int shownCount() {
        return Math.max(0, Math.min(slots, size - top));
    }

    /** Index of the last row on screen, or -1. */
    int lastShown() {
        return shownCount() == 0 ? -1 : top + shownCount() - 1;
    }

    /** True when the last row is on screen entirely (or there are none). */
    boolean atBottom() {
        return top >= maxTop();
    }

    /**
     * The viewport's height in pixels and a row's. Changing the number of slots forgets what every slot showed.
     */
    void viewport(double height, double rowHeight) {
        if (rowHeight <= 0) {
            throw new IllegalArgumentException("row height must be positive");
        }
        // A hair of tolerance: 18 rows of 18 px in 324.0000001 px are 18 full rows, not 18 and a sliver.
        double rows = Math.max(0, height) / rowHeight;
        int full = Math.max(1, (int) Math.floor(rows + 1e-6));
        int needed = Math.max(1, (int) Math.ceil(rows - 1e-6));
        boolean atEnd = atBottom();
        fullRows = full;
        if (needed != slots) {
            slots = needed;
            shownKeys = new long[slots];
            forget();
        }
        // A view at its end stays at its end when it grows or shrinks (the newest row stays the lowest).
        top = atEnd ? maxTop() : clamp(top);
    }

    /** The list now holds {@code size} rows, the ones before unchanged (rows appended at the end). */
    void appended(int newSize) {
        size = newSize;
        top = clamp(top);
    }

    /** The first {@code count} rows are gone: the rows on screen stay on screen, in the slots that show them. */
    void removedFromFront(int count) {
        size = Math.max(0, size - count);
        shift += count;
        top = clamp(top - count);
    }

    /** Any other change: {@code newSize} rows, none of them known to be where they were. */
    void replaced(int newSize) {
        size = newSize;
        top = clamp(top);
        forget();
    }

    void scrollTo(int row) {
        top = clamp(row);
    }

    void scrollBy(int rows) {
        top = clamp(top + rows);
    }

    /** Row {@code index} as the lowest full row (following shows the newest row this way). */
    void showAsLast(int index) {
        top = clamp(index - fullRows + 1);
    }

    void showAsFirst(int index) {
        top = clamp(index);
    }

    /** Row {@code index} {@code rowsDown} rows below the top, as far as the ends allow. */
    void showAt(int index, int rowsDown) {
        top = clamp(index - rowsDown);
    }

    /** The row under {@code y} pixels from the viewport's top, or -1 below the last row. */
    int indexAt(double y, double rowHeight) {
        if (y < 0) {
            return -1;
        }
        int index = top + (int) (y / rowHeight);
        return index < size && index - top < slots ? index : -1;
    }

    /** The slot that draws row {@code index}. */
    int slotOf(int index) {
        return (int) Math.floorMod(index + shift, (long) slots);
    }

    /** True when slot {@code slot} shows the row with {@code key} already (drawn since the last {@link #forget()}). */
    boolean shows(int slot, long key) {
        return shownKeys[slot] == key;
    }

    /**
     * Marks slot {@code slot} as showing the row with {@code key} (its ordinal) and says whether it has to be drawn
     * again: false when it already shows that row, since the last {@link #forget()}.
     */
    boolean claim(int slot, long key) {
        if (shownKeys[slot] == key) {
            return false;
        }
        shownKeys[slot] = key;
        return true;
    }

    /** Every slot is drawn again at the next layout (the search, the selection or a toggle changed how rows look). */
    void forget() {
        Arrays.fill(shownKeys, -1);
    }

    private int clamp(int row) {
        return Math.max(0, Math.min(row, maxTop()));
    }
}
