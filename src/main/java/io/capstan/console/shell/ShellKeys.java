package io.capstan.console.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;

/**
 * The console's one keyboard model: the main window's menu bar lists every shortcut, and this filter runs the menu
 * item whose shortcut was pressed before the focused control sees the key. Without it a table, a tab pane or a text
 * field can swallow a shortcut (Ctrl+Tab moves focus, Ctrl+F does nothing in a table), and a context menu that shows
 * the same shortcut unregisters it from the scene when it goes away. A few second keys (Ctrl+Page Down for Ctrl+Tab)
 * are aliases of a menu shortcut.
 *
 * <p>The same table serves the detached log windows (decision record 152): their scenes get this filter too, and while
 * an item runs, {@link #origin()} says which window its key was pressed in, so the item acts on that window's pane (its
 * search, its job, its agent) instead of the main window's selection. An item the main window disables (no agent
 * selected in the tree) is still run from a log window, whose pane is its subject; each item does nothing where it has
 * no subject.
 */
public final class ShellKeys {

    /** Second keys for a menu shortcut, as other tabbed programs have them. */
    static final Map<KeyCombination, KeyCombination> ALIASES = Map.of(
            new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.TAB, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN),
            new KeyCodeCombination(KeyCode.TAB, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));

    private final MenuBar menuBar;
    /** The window whose key is being run; null otherwise (an item clicked in the menu bar belongs to the main window). */
    private Window origin;

    ShellKeys(MenuBar menuBar) {
        this.menuBar = menuBar;
    }

    /** Runs the menu bar's shortcuts in the main window's {@code scene}. */
    void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> onKey(scene, event, false));
    }

    /** Runs the same shortcuts in a detached log window's {@code scene}, on that window's pane. */
    void installInLogWindow(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> onKey(scene, event, true));
    }

    /** The window the shortcut now running was pressed in; null outside a shortcut. */
    Window origin() {
        return origin;
    }

    private void onKey(Scene scene, KeyEvent event, boolean logWindow) {
        if (!event.isShortcutDown()) {
            return;
        }
        for (MenuItem item : items()) {
            KeyCombination shortcut = item.getAccelerator();
            if (shortcut != null && matches(shortcut, event)) {
                event.consume();
                if (logWindow || !item.isDisable()) {
                    origin = scene.getWindow();
                    try {
                        fire(item);
                    } finally {
                        origin = null;
                    }
                }
                return;
            }
        }
    }

    /**
     * Runs a menu item as its shortcut does in JavaFX's own accelerator handling: a check item (Dark theme) flips its
     * tick first. {@code fire()} alone only sends the action, so Ctrl+Shift+T did nothing.
     */
    static void fire(MenuItem item) {
        if (item instanceof CheckMenuItem check) {
            check.setSelected(!check.isSelected());
        }
        item.fire();
    }

    private static boolean matches(KeyCombination shortcut, KeyEvent event) {
        if (shortcut.match(event)) {
            return true;
        }
        return ALIASES.entrySet().stream().anyMatch(alias -> alias.getValue().equals(shortcut) && alias.getKey().match(event));
    }

    private List<MenuItem> items() {
        List<MenuItem> all = new ArrayList<>();
        for (Menu menu : menuBar.getMenus()) {
            collect(menu, all);
        }
        return all;
    }

    private static void collect(Menu menu, List<MenuItem> into) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collect(sub, into);
            } else {
                into.add(item);
            }
        }
    }

    /** Moves the keyboard focus to {@code node} if it can take it; false when it is not shown. */
    static boolean focus(Node node) {
        if (node == null || !node.isVisible() || node.getScene() == null) {
            return false;
        }
        node.requestFocus();
        return true;
    }
}
