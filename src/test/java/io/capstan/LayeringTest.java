package io.capstan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers' arrows point one way; each rule says why. */
class LayeringTest {
    /** The backend seam and every kind of deployment behind it. */
    private static final String[] BACKENDS = {"io.capstan.agent.backend..", "io.capstan.agent.process..",
        "io.capstan.agent.compose..", "io.capstan.agent.swarm.."};
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
                .because("each layer may use only those below it, so a layer can be read, tested and replaced on its own")
                .check(classes);
    }

    @Test
    void protocolDoesNoIo() {
        noClasses().that().resideInAPackage("io.capstan.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "io.javalin..", "java.net..", "javafx..")
                .because("wire records must stay usable anywhere; transport belongs to the agent and the client")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void agentDoesNotKnowTheClientOrUi() {
        noClasses().that().resideInAPackage("io.capstan.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "javafx..")
                .because("the agent is a headless daemon: it serves clients, it never is one, and it has no window")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void clientHasNoJavaFxAndNoServer() {
        noClasses().that().resideInAPackage("io.capstan.client..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.javalin..", "org.eclipse.jetty..")
                .because("the client is a library scripts and the CLI use too: no UI toolkit, no server framework")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyTheClientUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("io.capstan.client..")
                .should().dependOnClassesThat().resideInAPackage("io.capstan.client.internal..")
                .because("client.internal is the transport under the client's typed calls and streams (issue 13): the"
                        + " console and the CLI see calls and listeners, so OkHttp can change without them")
                .check(classes);
    }

    @Test
    void onlyTheClientsInternalsKnowOkHttp() {
        noClasses().that().resideInAPackage("io.capstan.client..")
                .and().resideOutsideOfPackage("io.capstan.client.internal..")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .because("OkHttp is how the client talks, not what it offers: one package holds it (decision record 67)")
                .check(classes);
    }

    @Test
    void noPublicClientSignatureNamesOkHttp() {
        codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("io.capstan.client..")
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("io.capstan.client.internal..")
                .should(new ArchCondition<JavaCodeUnit>("name no OkHttp type in their signature") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                        types.add(unit.getRawReturnType());
                        types.addAll(unit.getThrowsClause().getTypes());
                        for (JavaClass t : types) {
                            if (t.getPackageName().startsWith("okhttp3")) {
                                events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " names " + t.getName()));
                            }
                        }
                    }
                })
                .because("a caller of the client must never need OkHttp to call it: the transport can be replaced alone")
                .check(classes);
    }

    @Test
    void consoleNeverTouchesTransportOrJson() {
        noClasses().that().resideInAPackage("io.capstan.console..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "com.fasterxml.jackson..", "io.javalin..")
                .because("the console speaks in protocol records and client calls; HTTP and JSON are the client's business")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void backendsDoNotKnowHttpOrJobs() {
        noClasses().that().resideInAnyPackage(BACKENDS)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "io.capstan.agent.http..", "io.capstan.agent.jobs..", "io.capstan.agent.events..",
                        "io.capstan.agent.logs..", "io.capstan.agent.catalog..")
                .because("a backend owns processes or containers behind the backend seam (decision record 2); HTTP, jobs,"
                        + " line logs, events and the catalogue are the engine's, so a new backend never touches them")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void everyBackendLivesInAPackageTheBackendRuleCovers() {
        classes().that().implement(io.capstan.agent.backend.Backend.class)
                .should().resideInAnyPackage(BACKENDS)
                .because("a new kind of deployment gets the backend rule above only if its package is in BACKENDS")
                .check(classes);
    }

    @Test
    void onlyTheEmbeddedAgentReachesIntoTheAgentFromTheConsole() {
        noClasses().that().resideInAPackage("io.capstan.console..")
                .and().doNotHaveFullyQualifiedName("io.capstan.console.agents.EmbeddedAgent")
                .should().dependOnClassesThat().resideInAPackage("io.capstan.agent..")
                .because("the console talks to every agent, its own included, through the client; starting the local"
                        + " agent is the one thing it does in-process")
                .check(classes);
    }

    @Test
    void consolePackagesHaveNoCycles() {
        slices().matching("io.capstan.console.(*)..").should().beFreeOfCycles()
                .because("features (deployments, jobs, logs, connections, palette) sit under the shell that arranges"
                        + " them; a cycle means neither side can be understood or tested without the other")
                .check(classes);
    }

    @Test
    void featuresNeverImportTheShell() {
        noClasses().that().resideInAnyPackage("io.capstan.console.deployments..", "io.capstan.console.jobs..",
                        "io.capstan.console.logs..", "io.capstan.console.connections..", "io.capstan.console.palette..",
                        "io.capstan.console.agents..", "io.capstan.console.format..", "io.capstan.console.fx..",
                        "io.capstan.console.common..", "io.capstan.console.settings..", "io.capstan.console.resources..",
                        "io.capstan.console.inspect..")
                .should().dependOnClassesThat().resideInAPackage("io.capstan.console.shell..")
                .because("the shell (the main window) is the top of the console; what features need from it they get"
                        + " through the seams in console.common (Dialogs, LogOpener, ConnectionCommands, LogPaneFactory)")
                .check(classes);
    }

    @Test
    void onlyFxThreadHopsOntoTheFxThread() {
        noClasses().that().doNotHaveFullyQualifiedName("io.capstan.console.fx.FxThread")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because("one door onto the FX thread (style: one rule for threads); scattered runLater calls are how UI"
                        + " races start")
                .check(classes);
    }

    @Test
    void viewModelsNeverStartThreads() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .because("view models take a Background and a UiThread, so tests run them on one thread with no waiting")
                .allowEmptyShould(true).check(classes);
    }
}
