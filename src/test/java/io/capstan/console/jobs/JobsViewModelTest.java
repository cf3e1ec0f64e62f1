package io.capstan.console.jobs;

import static io.capstan.console.Fixtures.agent;
import static io.capstan.console.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.DirectBackground;
import io.capstan.console.common.Dialogs;
import io.capstan.console.common.LogOpener;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;
import org.junit.jupiter.api.Test;

class JobsViewModelTest {

    private final AgentConnection local = agent("local");
    private final ObservableList<AgentConnection> agents = FXCollections.observableArrayList(local);
    private final List<String> opened = new ArrayList<>();
    private final JobsViewModel model = new JobsViewModel(agents, new LogOpener() {
        @Override
        public void openJob(AgentConnection agent, Job job) {
            opened.add(job.id());
        }

        @Override
        public void openService(AgentConnection agent, String deployment, String service) {
        }
    }, new DirectBackground(), new Dialogs() {
        @Override
        public boolean confirm(String title, String header, String body, String confirmLabel) {
            return false;
        }

        @Override
        public void error(String title, String message) {
        }
    });

    private void publish(Job... jobs) {
        local.publish(new AgentStore.Snapshot(1, List.of(), List.of(jobs), true), new StreamState.Live());
    }

    @Test
    void newestFirstAndCurrentWithoutARefresh() {
        Job older = job("j-1", "shop", null, Action.START, JobStatus.SUCCEEDED);
        Job newer = new Job("j-2", "shop", "web", Action.RESTART, JobStatus.RUNNING, older.createdAt().plusSeconds(60),
                older.createdAt().plusSeconds(60), null, null, null, 0, 0);
        publish(older, newer);
        assertThat(model.rows()).extracting(row -> row.job().id()).containsExactly("j-2", "j-1");
        assertThat(model.rows().get(0).target()).isEqualTo("shop/web");

        Job ended = new Job("j-2", "shop", "web", Action.RESTART, JobStatus.FAILED, newer.createdAt(), newer.startedAt(),
                newer.createdAt().plusSeconds(5), 1, "exited with 1", 10, 0);
        publish(older, ended);
        assertThat(model.rows().get(0).job().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void reportsEachJobThatEndsOnceOnly() {
        List<String> ended = new ArrayList<>();
        model.subscribeEnded(row -> ended.add(row.job().id() + " " + row.job().status()));
        Job running = job("j-1", "shop", null, Action.REBUILD, JobStatus.RUNNING);
        Job finishedBeforeWeLooked = job("j-0", "shop", null, Action.START, JobStatus.SUCCEEDED);
        publish(running, finishedBeforeWeLooked);
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.SUCCEEDED), finishedBeforeWeLooked);
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.SUCCEEDED), finishedBeforeWeLooked);

        assertThat(ended).containsExactly("j-1 SUCCEEDED");
    }

    @Test
    void everySubscriberHearsOfEachEndUntilItUnsubscribes() {
        List<String> toolbar = new ArrayList<>();
        List<String> notifications = new ArrayList<>();
        Subscription first = model.subscribeEnded(row -> toolbar.add(row.job().id()));
        model.subscribeEnded(row -> notifications.add(row.job().id()));
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.RUNNING), job("j-2", "shop", "web", Action.STOP, JobStatus.RUNNING));
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.SUCCEEDED), job("j-2", "shop", "web", Action.STOP, JobStatus.RUNNING));

        assertThat(toolbar).containsExactly("j-1");
        assertThat(notifications).containsExactly("j-1");

        first.unsubscribe();
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.SUCCEEDED), job("j-2", "shop", "web", Action.STOP, JobStatus.FAILED));
        assertThat(toolbar).containsExactly("j-1");
        assertThat(notifications).containsExactly("j-1", "j-2");
    }

    @Test
    void aSubscriberThatThrowsDoesNotSilenceTheOthers() {
        List<String> heard = new ArrayList<>();
        model.subscribeEnded(row -> {
            throw new IllegalStateException("a broken subscriber");
        });
        Subscription[] self = new Subscription[1];
        self[0] = model.subscribeEnded(row -> {
            heard.add("once " + row.job().id());
            self[0].unsubscribe(); // ending its subscription while being told
        });
        model.subscribeEnded(row -> heard.add(row.job().id()));
        publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.RUNNING));

        // The snapshot's listener is where it is thrown; JavaFX hands a listener's failure to the thread's handler.
        List<Throwable> uncaught = new ArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            publish(job("j-1", "shop", null, Action.REBUILD, JobStatus.CANCELED));
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).singleElement().satisfies(e -> assertThat(e).hasMessage("a broken subscriber"));
        assertThat(heard).containsExactly("once j-1", "j-1");
        assertThat(model.rows().get(0).job().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void openingARowOpensItsLog() {
        publish(job("j-9", "shop", null, Action.STOP, JobStatus.SUCCEEDED));
        model.open(model.rows().get(0));
        assertThat(opened).containsExactly("j-9");
    }
}
