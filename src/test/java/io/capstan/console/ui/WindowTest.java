package io.capstan.console.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up every window test shares: a {@link ConsoleHarness} (the shared real agent serving {@link #app()} as the
 * deployment {@code app}, the fault proxy, the real console window) opened before each test and closed after it.
 * A subclass's own {@code @BeforeEach} runs after the harness is open, its {@code @AfterEach} before it closes.
 */
abstract class WindowTest {

    @TempDir
    Path tmp;

    ConsoleHarness harness;

    /** The {@code capstan.yaml} of the deployment {@code app}. */
    abstract String app();

    @BeforeEach
    final void openHarness() throws Exception {
        harness = new ConsoleHarness(tmp, app(), null);
    }

    @AfterEach
    final void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }
}
