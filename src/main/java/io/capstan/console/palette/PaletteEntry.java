package io.capstan.console.palette;

import java.util.Objects;

/**
 * One thing the command palette can do: what it shows ({@code Restart shop}), a quiet detail
 * ({@code deployment on This computer}), and what running it does. The title and the detail are both searched.
 */
public record PaletteEntry(String title, String detail, Runnable run) {

    public PaletteEntry {
        Objects.requireNonNull(title);
        Objects.requireNonNull(detail);
        Objects.requireNonNull(run);
    }

    /** The text the query is matched against. */
    public String searchText() {
        return title + " " + detail;
    }

    @Override
    public String toString() {
        return title + " (" + detail + ")";
    }
}
