package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void durationsAreShortAndHuman() {
        assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.format(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(Durations.format(Duration.ofSeconds(185))).isEqualTo("3 m 05 s");
        assertThat(Durations.format(Duration.ofMinutes(130))).isEqualTo("2 h 10 m");
        assertThat(Durations.format(Duration.ofHours(99))).isEqualTo("4 d 3 h");
        assertThat(Durations.format(Duration.ofSeconds(-5))).as("clock skew never shows negative").isEqualTo("0 ms");
        assertThat(Durations.between(NOW, null, NOW.plusSeconds(7))).as("running: counts to now").isEqualTo("7 s");
        assertThat(Durations.between(null, null, NOW)).isEmpty();
    }

    @Test
    void aFailureIsRedEverywhere() {
        assertThat(StatusStyles.of(JobStatus.FAILED)).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(StatusStyles.of(DeploymentStatus.FAILED)).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(StatusStyles.of(ServiceStatus.EXITED, 3)).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(StatusStyles.of(ServiceStatus.EXITED, 0)).isEqualTo(StatusStyles.Tone.IDLE);
        assertThat(StatusStyles.of(JobStatus.RUNNING)).isEqualTo(StatusStyles.Tone.BUSY);
        assertThat(StatusStyles.Tone.DANGER.styleClass()).isEqualTo("badge-danger");
        assertThat(StatusStyles.label(ServiceStatus.RUNNING)).isEqualTo("running");
    }

    @Test
    void connectionStatusSaysWhatIsHappeningAndWhen() {
        Duration poll = Duration.ofSeconds(15);
        assertThat(ConnectionStatus.of(new StreamState.Live(), false, poll, NOW).text()).isEqualTo("live");
        assertThat(ConnectionStatus.of(new StreamState.Connecting(1), true, poll, NOW).kind())
                .isEqualTo(ConnectionStatus.Kind.CONNECTING);
        ConnectionStatus retry = ConnectionStatus.of(new StreamState.WaitingToRetry(2, NOW.plusMillis(3_200), "refused"), true,
                poll, NOW);
        assertThat(retry.kind()).isEqualTo(ConnectionStatus.Kind.RECONNECTING);
        assertThat(retry.text()).isEqualTo("reconnecting: attempt 2, next try in 4 s, polling every 15 s");
        assertThat(retry.detail()).isEqualTo("refused");
        assertThat(ConnectionStatus.of(new StreamState.WaitingToRetry(5, NOW.plusSeconds(30), "x"), false, poll, NOW).text())
                .startsWith("offline: attempt 5");
        ConnectionStatus denied = ConnectionStatus.of(
                new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "invalid token"), false, poll, NOW);
        assertThat(denied.kind()).isEqualTo(ConnectionStatus.Kind.UNAUTHORIZED);
        assertThat(denied.text()).isEqualTo("authentication failed");
    }
}
