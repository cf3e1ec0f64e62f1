package io.capstan.console.fx;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.testfx.api.FxToolkit;

/** The set-up the fx package's window tests share: TestFX's toolkit before, its stages closed after each test. */
abstract class FxFixtureTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeTheWindow() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    static <T> T fx(Callable<T> work) throws Exception {
        return FxToolkit.setupFixture(work);
    }
}
