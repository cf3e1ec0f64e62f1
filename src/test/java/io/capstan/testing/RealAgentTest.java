package io.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture's own life: stop, start again, close once however it is reached, never start after close. */
class RealAgentTest {

    @TempDir
    Path tmp;

    @Test
    void stopThenCloseClosesTheAgentOnceAndClosingAgainDoesNothing() {
        RealAgent agent = RealAgent.in(tmp).start();
        int port = agent.port();
        agent.stop();
        assertThat(answers(port)).as("stopped: nothing listens").isFalse();

        agent.close();
        agent.close();

        assertThatThrownBy(agent::startAgain).as("closed for good").isInstanceOf(IllegalStateException.class);
        assertThat(answers(port)).isFalse();
        // Its folders are free: another agent can take them (the first one's locks are gone).
        try (RealAgent next = RealAgent.in(tmp).start()) {
            assertThat(next.client().deployments().deployments()).isEmpty();
        }
    }

    @Test
    void closeWhileRunningStopsTheAgentAndAStartWhileRunningIsRefused() {
        RealAgent agent = RealAgent.in(tmp).start();
        int port = agent.port();
        assertThatThrownBy(agent::startAgain).as("a second agent on the same folders").isInstanceOf(IllegalStateException.class);
        agent.stop();
        agent.startAgain();
        assertThat(agent.port()).as("the same port again").isEqualTo(port);

        agent.close();

        assertThat(answers(port)).isFalse();
        agent.stop(); // after close: nothing left to stop, and no failure
    }

    @Test
    void aDemoServiceIsWrittenAsTheTestsWroteItByHand() {
        assertThat(Demo.deployment(Demo.service("web").stopTimeout("3s"))).isEqualTo("""
                services:
                  web:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
                    stopTimeout: 3s
                """);
        assertThat(Demo.deployment(Demo.service("app", "--rate", "1").build("--steps", "100", "--step-millis", "300"),
                Demo.service("flaky").with("restart: on-failure"))).isEqualTo("""
                services:
                  app:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "app", "--rate", "1"]
                    build:
                      - ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoBuild", "--steps", "100", "--step-millis", "300"]
                  flaky:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "flaky"]
                    restart: on-failure
                """);
    }

    @Test
    void theProxyAndItsClientsReachTheAgentAndCloseWithIt() throws Exception {
        RealAgent agent = RealAgent.in(tmp).deployment("app", Demo.service("web")).start();
        String ci = agent.tokens().add("ci");
        assertThat(agent.proxiedClient("lab").deployments().deployments()).extracting(d -> d.name()).containsExactly("app");
        assertThat(agent.proxy()).as("one proxy per fixture").isSameAs(agent.proxy());
        assertThat(agent.proxy().connectionsAccepted()).isPositive();
        try (io.capstan.client.AgentClient named = new io.capstan.client.AgentClient(
                new io.capstan.client.AgentEndpoint("ci", agent.proxy().url(), ci))) {
            assertThat(named.deployments().deployments()).hasSize(1);
        }
        int proxyPort = java.net.URI.create(agent.proxy().url()).getPort();

        agent.close();

        assertThat(answers(proxyPort)).as("the proxy closed with the agent").isFalse();
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
