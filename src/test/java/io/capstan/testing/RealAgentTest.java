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

    private static boolean answers(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
