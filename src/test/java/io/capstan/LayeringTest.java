package io.capstan;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers' arrows point one way; each rule says why. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.capstan");
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("protocol").definedBy("io.capstan.protocol..")
                .layer("agent").definedBy("io.capstan.agent..")
                .layer("client").definedBy("io.capstan.client..")
                .layer("console").definedBy("io.capstan.console..")
                .layer("cli").definedBy("io.capstan.cli..")
                // protocol is the shared vocabulary: it depends on nothing of ours.
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("agent", "client", "console", "cli")
                // the agent is a daemon: only the launcher and the console's embedded default start it.
                .whereLayer("agent").mayOnlyBeAccessedByLayers("cli", "console")
                // the client is the only way to talk to an agent.
                .whereLayer("client").mayOnlyBeAccessedByLayers("console", "cli")
                .whereLayer("console").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    @Test
    void protocolDoesNoIo() {
        // Wire records must stay usable anywhere; transport belongs to agent and client.
        noClasses().that().resideInAPackage("io.capstan.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "io.javalin..", "java.net..", "javafx..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void agentDoesNotKnowTheClientOrUi() {
        noClasses().that().resideInAPackage("io.capstan.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "javafx..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void clientHasNoJavaFxAndNoServer() {
        // The client is a library scripts and the CLI use too: no UI toolkit, no server framework.
        noClasses().that().resideInAPackage("io.capstan.client..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.javalin..", "org.eclipse.jetty..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void consoleNeverTouchesTransportOrJson() {
        // The console speaks in protocol records and client calls; HTTP and JSON are the client's business.
        noClasses().that().resideInAPackage("io.capstan.console..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "com.fasterxml.jackson..", "io.javalin..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void backendsDoNotKnowHttpOrJobs() {
        // A backend owns processes or containers; HTTP, jobs and events are the engine's.
        noClasses().that().resideInAPackage("io.capstan.agent.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyFxThreadHopsOntoTheFxThread() {
        // One door onto the FX thread (style: "one rule for threads"); scattered runLater calls are how UI races start.
        noClasses().that().doNotHaveFullyQualifiedName("io.capstan.console.fx.FxThread")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .check(classes);
    }

    @Test
    void viewModelsNeverStartThreads() {
        // View models take a Background and a UiThread, so tests run them on one thread with no waiting.
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .allowEmptyShould(true).check(classes);
    }
}
