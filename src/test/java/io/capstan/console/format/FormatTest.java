package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void theMainWindowTitleNamesTheAgentOnlyWhenThereIsMoreThanOne() {
        assertThat(WindowTitles.main(1, "lab", "shop")).isEqualTo("Capstan");
        assertThat(WindowTitles.main(2, null, null)).isEqualTo("Capstan");
        assertThat(WindowTitles.main(2, "prod", null)).isEqualTo("prod — Capstan");
        assertThat(WindowTitles.main(2, "prod", "shop")).isEqualTo("shop · prod — Capstan");
    }

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
        assertThat(Durations.uptime(NOW, NOW.plusMillis(762))).as("an uptime is in whole seconds").isEqualTo("0 s");
        assertThat(Durations.uptime(NOW, NOW.plusMillis(185_900))).isEqualTo("3 m 05 s");
        assertThat(Durations.uptime(null, NOW)).isEmpty();
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
    void connectionStatusSaysWhatIsHappeningAndWhenWithOneClockAtATime() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(ConnectionStatus.of(new StreamState.Live(), null, true, null, NOW, utc).text()).isEqualTo("live");
        assertThat(ConnectionStatus.of(new StreamState.Connecting(1), null, false, null, NOW, utc).kind())
                .isEqualTo(ConnectionStatus.Kind.CONNECTING);
        ConnectionStatus retry = ConnectionStatus.of(new StreamState.WaitingToRetry(2, NOW.plusMillis(3_200), "connection refused"),
                "connection refused", true, null, NOW, utc);
        assertThat(retry.kind()).isEqualTo(ConnectionStatus.Kind.RECONNECTING);
        assertThat(retry.text()).isEqualTo("reconnecting, next try in 4 s");
        assertThat(retry.detail()).isEqualTo("Lost the event stream: connection refused");
        assertThat(retry.word()).isEqualTo("reconnecting");

        ConnectionStatus offline = ConnectionStatus.of(new StreamState.WaitingToRetry(5, NOW.plusSeconds(27), "timed out"),
                "timed out", true, NOW.minusSeconds(60), NOW, utc);
        assertThat(offline.kind()).isEqualTo(ConnectionStatus.Kind.OFFLINE);
        assertThat(offline.text()).isEqualTo("offline since 09:59:00, next try in 27 s").doesNotContain("polling");
        assertThat(offline.detail()).startsWith("Cannot reach the agent: timed out.");
        assertThat(offline.word()).isEqualTo("offline");
        assertThat(offline.wordings()).as("longest first, for a bar short of room")
                .containsExactly("offline since 09:59:00, next try in 27 s", "offline since 09:59:00", "offline");
        assertThat(retry.wordings()).containsExactly("reconnecting, next try in 4 s", "reconnecting");
        assertThat(offline.throughSsh(false, "connection reset").wordings())
                .containsExactly("SSH down, offline since 09:59:00, next try in 27 s", "SSH down, offline since 09:59:00", "SSH down");
        assertThat(ConnectionStatus.of(new StreamState.Live(), null, true, null, NOW, utc).wordings()).containsExactly("live");
        assertThat(ConnectionStatus.of(new StreamState.Connecting(6), "timed out", true, NOW.minusSeconds(60), NOW, utc).text())
                .isEqualTo("offline since 09:59:00, trying now");

        ConnectionStatus denied = ConnectionStatus.of(
                new StreamState.Stopped(StreamState.StopReason.UNAUTHORIZED, "HTTP 401: the agent refused the token"), null, true, null,
                NOW, utc);
        assertThat(denied.kind()).isEqualTo(ConnectionStatus.Kind.UNAUTHORIZED);
        assertThat(denied.text()).isEqualTo("authentication failed");
        assertThat(denied.words()).as("a narrow tree's badge").containsExactly("authentication failed", "auth failed");
        assertThat(denied.wordings()).containsExactly("authentication failed", "auth failed");
        assertThat(offline.words()).containsExactly("offline");
    }

    /**
     * Decision record 159: an agent never heard from reads "not reached", from its first failure on, never a "since"
     * (the first try's time read as the time it was last up); its wordings keep the ladder short (the word is no longer
     * than "reconnecting"), and once reached and lost it reads "offline since" its last contact as before.
     */
    @Test
    void anAgentNeverReachedSaysSoWithNoTimeAndItsWordsAreAsShortAsTheOthers() {
        ZoneId utc = ZoneId.of("UTC");
        StreamState waiting = new StreamState.WaitingToRetry(4, NOW.plusMillis(11_200), "connection refused", null);
        ConnectionStatus never = ConnectionStatus.of(waiting, "connection refused", false, null, NOW, utc);
        assertThat(never.kind()).isEqualTo(ConnectionStatus.Kind.NOT_REACHED);
        assertThat(never.wordings()).as("whole, without the countdown, the word")
                .containsExactly("not reached yet, next try in 12 s", "not reached yet", "not reached", "unseen");
        assertThat(never.words()).containsExactly("not reached", "unseen");
        assertThat(never.word().length()).as("no longer than the words the tree and chips already make room for")
                .isLessThanOrEqualTo(ConnectionStatus.RECONNECTING.length());
        assertThat(never.wordings().get(3).length()).as("the shortest no longer than \"offline\", for four agents down at 1024 px")
                .isLessThanOrEqualTo("offline".length());
        assertThat(never.detail()).isEqualTo("This console has not reached the agent yet: connection refused."
                + " Nothing is known of it until it answers.");
        assertThat(never.remedy(false)).isEqualTo(ConnectionStatus.Remedy.RECONNECT_NOW);
        assertThat(StatusStyles.of(never.kind())).isEqualTo(StatusStyles.Tone.WARN);
        assertThat(RowDetails.agentWordings(never, 0, 0)).as("not even \"no deployments\": nothing is known").containsExactly("");
        assertThat(ConnectionStatus.of(new StreamState.Connecting(7), "connection refused", false, null, NOW, utc).text())
                .isEqualTo("not reached yet, trying now");
        assertThat(ConnectionStatus.of(new StreamState.Connecting(1), null, false, null, NOW, utc).text())
                .as("the first try has not failed yet").isEqualTo("connecting…");
        assertThat(never.throughSsh(true, null).wordings())
                .containsExactly("agent down (SSH up), not reached yet, next try in 12 s", "agent down (SSH up), not reached yet",
                        "agent down");
        for (ConnectionStatus status : List.of(never, never.throughSsh(false, "refused"))) {
            for (String said : List.of(status.text(), status.brief(), status.word(), status.detail())) {
                assertThat(said).doesNotContain("since", "offline", "reconnecting").doesNotContainPattern("\\d\\d:\\d\\d");
            }
        }
        assertThat(ConnectionStatus.of(new StreamState.Live(), null, false, null, NOW, utc).text()).isEqualTo("live");
        assertThat(ConnectionStatus.of(waiting, "connection refused", true, NOW.minusSeconds(60), NOW, utc).text())
                .as("reached once, then lost").isEqualTo("offline since 09:59:00, next try in 12 s");
    }

    @Test
    void offlineSaysSinceWhenAndWhy() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(Offline.since(Instant.parse("2026-11-24T17:02:11.600Z"), utc)).isEqualTo("agent offline since 17:02:11");
        assertThat(Offline.since(NOW, utc, "connection refused")).isEqualTo("agent offline since 10:00:00: connection refused");
        assertThat(Offline.graceOver(NOW, NOW.plus(Offline.GRACE).minusMillis(1))).isFalse();
        assertThat(Offline.graceOver(NOW, NOW.plus(Offline.GRACE))).isTrue();
        assertThat(Offline.graceOver(null, NOW)).isFalse();
    }

    @Test
    void exitCodesReadAsPeopleThink() {
        assertThat(ExitStatus.describe(143)).isEqualTo("exited 143 (SIGTERM)");
        assertThat(ExitStatus.describe(137)).isEqualTo("exited 137 (killed)");
        assertThat(ExitStatus.describe(130)).isEqualTo("exited 130 (SIGINT)");
        assertThat(ExitStatus.describe(1)).isEqualTo("exited 1");
        assertThat(ExitStatus.describe(0)).isEqualTo("exited 0");
        assertThat(ExitStatus.describe(128)).as("128 is no signal").isEqualTo("exited 128");
        assertThat(ExitStatus.describe(128 + 10)).isEqualTo("exited 138 (signal 10)");
        assertThat(ExitStatus.describe(255)).as("past the signal range").isEqualTo("exited 255");
        assertThat(ExitStatus.describe(-1)).isEqualTo("exited -1");
        assertThat(ExitStatus.describe(null)).isEmpty();
        assertThat(ExitStatus.meaning(137)).isEqualTo("137 (killed)");
        assertThat(ExitStatus.meaning(2)).isEqualTo("2");
    }

    @Test
    void throughSshTheStatusSaysWhichPartIsDown() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        ConnectionStatus waiting = ConnectionStatus.of(new StreamState.WaitingToRetry(2, now.plusSeconds(4), "connection refused"),
                "the agent closed the connection", true, null, now, ZoneId.of("UTC"));
        ConnectionStatus sshDown = waiting.throughSsh(false, "ssh: connect to host db1 port 22: Connection refused");
        assertThat(sshDown.text()).isEqualTo("SSH down, reconnecting, next try in 4 s");
        assertThat(sshDown.word()).isEqualTo("SSH down");
        assertThat(sshDown.detail()).startsWith("The SSH tunnel is down: ssh: connect to host db1 port 22: Connection refused.");
        ConnectionStatus agentDown = waiting.throughSsh(true, null);
        assertThat(agentDown.text()).isEqualTo("agent down (SSH up), reconnecting, next try in 4 s");
        assertThat(agentDown.word()).isEqualTo("agent down");
        assertThat(waiting.throughSsh(null, null)).as("a direct connection is left as it is").isEqualTo(waiting);
        ConnectionStatus live = ConnectionStatus.of(new StreamState.Live(), null, true, null, now, ZoneId.of("UTC"));
        assertThat(live.throughSsh(true, null)).isEqualTo(live);
    }
}
