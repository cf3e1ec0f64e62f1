package io.capstan.console.deployments;

import static io.capstan.console.Fixtures.agent;
import static io.capstan.console.Fixtures.deployment;
import static io.capstan.console.Fixtures.job;
import static io.capstan.console.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.AgentException;
import io.capstan.client.BusyException;
import io.capstan.client.UnavailableException;
import io.capstan.console.agents.AgentActions;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.DirectBackground;
import io.capstan.console.common.Dialogs;
import io.capstan.console.common.LogOpener;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ActionsViewModelTest {

    private final AgentConnection agent = agent("prod");
    private final Deployment shop = deployment("shop", service("web", ServiceStatus.RUNNING), service("api", ServiceStatus.STOPPED));
    private final FakeDialogs dialogs = new FakeDialogs();
    private final List<String> opened = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private Function<String, Job> agentAnswer = call -> job("j-new", "shop", null, Action.STOP, JobStatus.RUNNING);

    private final LogOpener logs = new LogOpener() {
        @Override
        public void openJob(AgentConnection owner, Job job) {
            opened.add(owner.name() + "/" + job.id());
        }

        @Override
        public void openService(AgentConnection owner, String deployment, String service) {
            opened.add(owner.name() + "/" + deployment + "/" + service);
        }
    };

    private final AgentActions fakeAgent = new AgentActions() {
        @Override
        public Job perform(Action action, String deployment, String service) {
            calls.add(action.wire() + " " + deployment + (service == null ? "" : "/" + service));
            return agentAnswer.apply(action.wire());
        }

        @Override
        public Job job(String id) {
            calls.add("job " + id);
            return io.capstan.console.Fixtures.job(id, "shop", null, Action.REBUILD, JobStatus.RUNNING);
        }

        @Override
        public Job cancel(String id) {
            throw new UnsupportedOperationException();
        }
    };

    private final ActionsViewModel model = new ActionsViewModel(new DirectBackground(), dialogs, logs, target -> fakeAgent);

    @Test
    void nothingIsAvailableWithoutATarget() {
        for (Action action : Action.values()) {
            assertThat(model.availableProperty(action).get()).as(action.wire()).isFalse();
        }
        model.run(Action.START);
        assertThat(calls).isEmpty();
    }

    @Test
    void availabilityFollowsTheTargetsState() {
        model.targetProperty().set(new Target(agent, shop, shop.services().get(0)));
        assertThat(model.availableProperty(Action.START).get()).as("start a running service").isFalse();
        assertThat(model.availableProperty(Action.STOP).get()).isTrue();

        model.targetProperty().set(new Target(agent, shop, shop.services().get(1)));
        assertThat(model.availableProperty(Action.START).get()).isTrue();
        assertThat(model.availableProperty(Action.STOP).get()).as("stop a stopped service").isFalse();

        model.targetProperty().set(new Target(agent, shop, null));
        assertThat(model.availableProperty(Action.START).get()).as("partly running deployment").isTrue();
        assertThat(model.availableProperty(Action.STOP).get()).isTrue();
        assertThat(model.availableProperty(Action.REBUILD).get()).isTrue();
    }

    @Test
    void aServiceWaitingForItsRestartPolicyCanBeStartedNowOrStoppedToCallTheRestartOff() {
        Deployment crashed = deployment("shop", service("worker", ServiceStatus.RESTARTING));
        model.targetProperty().set(new Target(agent, crashed, crashed.services().get(0)));
        assertThat(model.availableProperty(Action.START).get()).as("start now, not after the backoff").isTrue();
        assertThat(model.availableProperty(Action.STOP).get()).as("keep it down").isTrue();
        model.targetProperty().set(new Target(agent, crashed, null));
        assertThat(model.availableProperty(Action.STOP).get()).isTrue();
    }

    @Test
    void aBrokenDeploymentOffersNothing() {
        Deployment broken = new Deployment("bad", "process", shop.status(), shop.services(), null, shop.updatedAt(),
                "capstan.yaml line 3: unknown key 'comand'");
        model.targetProperty().set(new Target(agent, broken, null));
        for (Action action : Action.values()) {
            assertThat(model.availableProperty(action).get()).as(action.wire()).isFalse();
        }
    }

    @Test
    void stoppingAWholeDeploymentAsksFirstNamingWhatWillHappen() {
        model.targetProperty().set(new Target(agent, shop, null));
        dialogs.answer = false;

        model.run(Action.STOP);

        assertThat(dialogs.questions).singleElement().asString()
                .contains("Stop shop on prod?").contains("web, api").contains("1 running");
        assertThat(calls).as("declined: nothing sent").isEmpty();
        assertThat(model.messageProperty().get()).contains("cancelled");

        dialogs.answer = true;
        model.run(Action.STOP);
        assertThat(calls).containsExactly("stop shop");
        assertThat(opened).as("the new job's log opens at once").containsExactly("prod/j-new");
    }

    @Test
    void startingDoesNotAsk() {
        model.targetProperty().set(new Target(agent, shop, null));
        model.run(Action.START);
        model.targetProperty().set(new Target(agent, shop, shop.services().get(1)));
        model.run(Action.START);

        assertThat(dialogs.questions).isEmpty();
        assertThat(calls).containsExactly("start shop", "start shop/api");
        assertThat(model.messageProperty().get()).isEqualTo("Start of shop/api started (job j-new)");
        model.jobEnded("prod", job("j-new", "shop", "api", Action.START, JobStatus.SUCCEEDED));
        assertThat(model.messageProperty().get()).isEqualTo("Start of shop/api succeeded (job j-new)");
    }

    @Test
    void serviceActionsAskNamingTheServiceUntilTheUserSaysNotTo() {
        model.targetProperty().set(new Target(agent, shop, shop.services().get(0)));
        dialogs.answer = false;
        dialogs.dontAskAgain = true;

        model.run(Action.RESTART);

        assertThat(dialogs.questions).singleElement().asString()
                .startsWith("Restart service web of shop on prod?").endsWith("Restart web | Don't ask again for services");
        assertThat(calls).as("declined: nothing sent").isEmpty();
        assertThat(model.askForServicesProperty().get()).as("a cancelled question changes no setting").isTrue();

        dialogs.answer = true;
        model.run(Action.STOP);
        assertThat(calls).containsExactly("stop shop/web");
        assertThat(model.askForServicesProperty().get()).as("confirmed with don't ask again").isFalse();

        model.run(Action.REBUILD);
        assertThat(dialogs.questions).as("not asked again").hasSize(2);
        assertThat(calls).containsExactly("stop shop/web", "rebuild shop/web");

        model.targetProperty().set(new Target(agent, shop, null));
        model.run(Action.STOP);
        assertThat(dialogs.questions).as("a whole deployment still asks").hasSize(3);
    }

    @Test
    void aTargetKnownToBeBusyAttachesToItsJobWithoutAsking() {
        Deployment busy = deployment("shop", service("web", ServiceStatus.RUNNING),
                new io.capstan.protocol.Service("api", ServiceStatus.RUNNING, null, 7L, null, null, "j-api", null));
        model.targetProperty().set(new Target(agent, busy, busy.services().get(1)));

        model.run(Action.RESTART);

        assertThat(dialogs.questions).isEmpty();
        assertThat(calls).containsExactly("job j-api");
        assertThat(opened).containsExactly("prod/j-api");

        model.targetProperty().set(new Target(agent, busy, null));
        model.run(Action.STOP);
        assertThat(dialogs.questions).as("the deployment is busy through its service").isEmpty();
        assertThat(opened).containsExactly("prod/j-api", "prod/j-api");
    }

    @Test
    void nothingIsOfferedWhileTheAgentIsOffline() {
        model.targetProperty().set(new Target(agent, shop, null, "agent offline since 17:02:11"));
        for (Action action : Action.values()) {
            assertThat(model.availableProperty(action).get()).as(action.wire()).isFalse();
        }
        model.run(Action.STOP);
        assertThat(calls).isEmpty();
    }

    @Test
    void aBusyRefusalOpensTheRunningJobsLogInsteadOfAnError() {
        agentAnswer = call -> {
            throw new BusyException("shop is busy with job j-build", "j-build");
        };
        model.targetProperty().set(new Target(agent, shop, shop.services().get(0)));

        model.run(Action.RESTART);

        assertThat(calls).containsExactly("restart shop/web", "job j-build");
        assertThat(opened).containsExactly("prod/j-build");
        assertThat(dialogs.errors).isEmpty();
        assertThat(model.messageProperty().get()).contains("busy with job j-build");

        model.jobEnded("other", job("j-build", "shop", "web", Action.REBUILD, JobStatus.SUCCEEDED));
        assertThat(model.messageProperty().get()).as("another agent's job of that id").contains("is busy with job j-build");
        model.jobEnded("prod", job("j-other", "shop", "web", Action.REBUILD, JobStatus.SUCCEEDED));
        assertThat(model.messageProperty().get()).contains("is busy with job j-build");
        model.jobEnded("prod", job("j-build", "shop", "web", Action.REBUILD, JobStatus.SUCCEEDED));
        assertThat(model.messageProperty().get()).as("the moment it described is over")
                .isEqualTo("shop/web is no longer busy: job j-build succeeded");
    }

    @Test
    void anActionWhoseAnswerWasLostIsNotCalledFailed() {
        agentAnswer = call -> {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "agent prod not reachable: the agent closed the connection;"
                    + " the request may have reached the agent", 0, -1, null, true);
        };
        model.targetProperty().set(new Target(agent, shop, shop.services().get(0)));
        dialogs.answer = true;

        model.run(Action.RESTART);

        assertThat(model.messageProperty().get()).isEqualTo("Restart of shop/web: no answer from the agent; it may have started");
        assertThat(dialogs.errors).singleElement().asString().startsWith("Restart shop/web: no answer: ")
                .contains("may have reached the agent");
    }

    @Test
    void anyOtherFailureIsOneMessageWithTheAgentsText() {
        agentAnswer = call -> {
            throw new AgentException(ErrorCode.INTERNAL, "build step exited with 2", 500);
        };
        model.targetProperty().set(new Target(agent, shop, shop.services().get(1)));

        model.run(Action.START);

        assertThat(dialogs.errors).singleElement().asString().contains("build step exited with 2");
        assertThat(opened).isEmpty();
    }

    /** Answers confirmations with {@link #answer} and records every question and error. */
    static final class FakeDialogs implements Dialogs {
        boolean answer = true;
        boolean dontAskAgain;
        final List<String> questions = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public boolean confirm(String title, String header, String body, String confirmLabel) {
            questions.add(header + " | " + body + " | " + confirmLabel);
            return answer;
        }

        @Override
        public Answer confirm(String title, String header, String body, String confirmLabel, String dontAsk) {
            questions.add(header + " | " + body + " | " + confirmLabel + " | " + dontAsk);
            return new Answer(answer, dontAskAgain);
        }

        @Override
        public void error(String title, String message) {
            errors.add(title + ": " + message);
        }
    }
}
