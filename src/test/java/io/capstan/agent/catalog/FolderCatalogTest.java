package io.capstan.agent.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.agent.process.ProcessBackend;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.TempFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCatalogTest {
    private static final String VALID = "services:\n  web:\n    command: [\"${java}\", \"-cp\", \"${classpath}\","
            + " \"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n";

    @TempDir
    Path root;

    private final Recorder recorder = new Recorder();
    private FolderCatalog catalog;

    @AfterEach
    void close() {
        if (catalog != null) catalog.close();
    }

    private FolderCatalog start() {
        return start(Duration.ofMillis(100));
    }

    private FolderCatalog start(Duration interval) {
        Map<String, String> placeholders = Map.of("java", ProcessHandle.current().info().command().orElseThrow(),
                "classpath", Path.of("target", "classes").toAbsolutePath().toString());
        ProcessBackend backend = new ProcessBackend(placeholders, Duration.ofMillis(300));
        catalog = new FolderCatalog(root, List.of(backend), name -> new QuietContext(), interval);
        catalog.start(recorder);
        return catalog;
    }

    private void write(String folder, String yaml) throws Exception {
        Files.createDirectories(root.resolve(folder));
        Files.writeString(root.resolve(folder).resolve("capstan.yaml"), yaml);
    }

    @Test
    void reportsFoldersAtStartListsInvalidNamesBrokenAndSkipsUnclaimedFolders() throws Exception {
        write("shop", VALID);
        write("Bad Name", VALID);
        Files.createDirectories(root.resolve("notes"));
        start();
        assertThat(recorder.next()).isEqualTo("added Bad Name");
        assertThat(recorder.next()).isEqualTo("added shop");
        assertThat(catalog.all()).extracting(DeploymentRuntime::name).containsExactly("Bad Name", "shop");
        assertThat(catalog.find("shop")).isPresent();
        assertThat(catalog.find("Bad Name").orElseThrow()).isInstanceOf(BrokenDeployment.class); // never opened (139)
        recorder.nothingElse();
    }

    @Test
    void noticesAddedChangedAndRemovedFolders() throws Exception {
        start();
        write("shop", VALID);
        assertThat(recorder.next()).isEqualTo("added shop");

        DeploymentRuntime shop = catalog.find("shop").orElseThrow();
        shop.perform(Action.START, "web", (s, t) -> { });
        long pid = shop.snapshot().services().get(0).pid();

        write("shop", VALID + "  api:\n    command: [\"${java}\", \"-version\"]\n");
        assertThat(recorder.next()).isEqualTo("changed shop");
        // The old runtime was closed: its process is not left running unsupervised.
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        DeploymentRuntime reopened = catalog.find("shop").orElseThrow();
        assertThat(reopened.serviceNames()).containsExactly("api", "web");
        assertThat(reopened.snapshot().services()).allSatisfy(s -> assertThat(s.status()).isEqualTo(ServiceStatus.STOPPED));

        TempFolders.deleteTree(root.resolve("shop"));
        assertThat(recorder.next()).isEqualTo("removed shop");
        assertThat(catalog.all()).isEmpty();
        recorder.nothingElse();
    }

    @Test
    void aBrokenDefinitionIsListedWithItsErrorAndRefusesActions() throws Exception {
        write("shop", "services:\n  web:\n    command: \"./server --port 80\"\n");
        start();
        assertThat(recorder.next()).isEqualTo("added shop");
        DeploymentRuntime broken = catalog.find("shop").orElseThrow();
        Deployment d = broken.snapshot();
        assertThat(d.status()).isEqualTo(DeploymentStatus.UNKNOWN);
        assertThat(d.services()).isEmpty();
        assertThat(d.backend()).isEqualTo("process");
        assertThat(d.error()).contains("capstan.yaml").contains("line 3").contains("must be a list of arguments");
        assertThatThrownBy(() -> broken.perform(Action.START, null, (s, t) -> { }))
                .isInstanceOf(ActionFailedException.class).hasMessage(d.error());

        write("shop", VALID);
        assertThat(recorder.next()).isEqualTo("changed shop");
        assertThat(catalog.find("shop").orElseThrow().snapshot().error()).isNull();

        write("shop", "services: {web: {command: [\"x\"], colour: blue}}\n");
        assertThat(recorder.next()).isEqualTo("changed shop");
        assertThat(catalog.find("shop").orElseThrow().snapshot().error()).contains("unknown key 'colour'");
        recorder.nothingElse();
    }

    @Test
    void aDefinitionBrieflyMissingWhileAnEditorSavesDoesNotStopTheServices() throws Exception {
        write("shop", VALID);
        start(Duration.ofMillis(300));
        assertThat(recorder.next()).isEqualTo("added shop");
        DeploymentRuntime shop = catalog.find("shop").orElseThrow();
        shop.perform(Action.START, null, (s, t) -> { });
        Path file = root.resolve("shop/capstan.yaml");
        Path backup = root.resolve("shop/capstan.yaml~");
        for (int i = 0; i < 5; i++) {
            Files.move(file, backup);
            Files.move(backup, file);
        }
        recorder.nothingElse(Duration.ofMillis(1000));
        assertThat(catalog.find("shop")).containsSame(shop);
        assertThat(shop.snapshot().status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    @Test
    void closeStopsEveryDeploymentsServices() throws Exception {
        write("shop", VALID);
        write("analytics", VALID);
        start();
        List<Long> pids = new java.util.ArrayList<>();
        for (DeploymentRuntime rt : catalog.all()) {
            rt.perform(Action.START, null, (s, t) -> { });
            pids.add(rt.snapshot().services().get(0).pid());
        }
        catalog.close();
        assertThat(pids).hasSize(2).allSatisfy(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        assertThat(catalog.all()).isEmpty();
    }

    /** Recorder-style listener: a queue of what happened, read with a timeout, and "nothing else" at the end. */
    private static final class Recorder implements Catalog.Listener {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void added(DeploymentRuntime runtime) {
            events.add("added " + runtime.name());
        }

        @Override
        public void changed(DeploymentRuntime runtime) {
            events.add("changed " + runtime.name());
        }

        @Override
        public void removed(String name) {
            events.add("removed " + name);
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        void nothingElse() throws InterruptedException {
            nothingElse(Duration.ofMillis(400));
        }

        void nothingElse(Duration wait) throws InterruptedException {
            assertThat(events.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        }
    }

    private static final class QuietContext implements RuntimeContext {
        @Override
        public LineSink serviceLog(String service) {
            return (stream, text) -> { };
        }

        @Override
        public void changed() {
        }
    }
}
