package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestKeysTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void aKeyIsHeldWhileItsRequestIsHandledThenAnswersWithItsJob() {
        RequestKeys keys = new RequestKeys();
        assertThat(keys.claim("owner", "k", "restart app/web", T0)).isInstanceOf(RequestKeys.Claim.Fresh.class);
        assertThat(keys.claim("owner", "k", "restart app/web", T0)).isInstanceOf(RequestKeys.Claim.InProgress.class);
        keys.made("owner", "k", "j-1");
        assertThat(keys.claim("owner", "k", "restart app/web", T0.plusSeconds(5))).isEqualTo(new RequestKeys.Claim.Made("j-1"));
        assertThat(keys.claim("owner", "k", "stop app/web", T0)).isEqualTo(new RequestKeys.Claim.OtherRequest("restart app/web"));
        assertThat(keys.claim("ci", "k", "stop app/web", T0)).as("another caller's key").isInstanceOf(RequestKeys.Claim.Fresh.class);
    }

    @Test
    void aKeyThatMadeNothingIsForgottenButAMadeOneIsNotAbandoned() {
        RequestKeys keys = new RequestKeys();
        keys.claim("owner", "k", "restart app", T0);
        keys.abandon("owner", "k");
        assertThat(keys.claim("owner", "k", "stop app", T0)).as("free for any request again").isInstanceOf(RequestKeys.Claim.Fresh.class);
        keys.made("owner", "k", "j-2");
        keys.abandon("owner", "k");
        assertThat(keys.claim("owner", "k", "stop app", T0)).isEqualTo(new RequestKeys.Claim.Made("j-2"));
    }

    @Test
    void keysAreKeptForTheirTimeAndTheOldestGoFirstWhenThereAreTooMany() {
        RequestKeys keys = new RequestKeys(3, Duration.ofMinutes(10));
        for (int i = 0; i < 4; i++) {
            keys.claim("owner", "k" + i, "restart app", T0.plusSeconds(i));
            keys.made("owner", "k" + i, "j" + i);
        }
        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.claim("owner", "k0", "restart app", T0.plusSeconds(5))).as("pushed out")
                .isInstanceOf(RequestKeys.Claim.Fresh.class);
        assertThat(keys.claim("owner", "k2", "restart app", T0.plusSeconds(5))).isEqualTo(new RequestKeys.Claim.Made("j2"));

        assertThat(keys.claim("owner", "k3", "restart app", T0.plus(Duration.ofMinutes(10)).plusSeconds(2)))
                .as("still kept: made 10 min minus 1 s before").isEqualTo(new RequestKeys.Claim.Made("j3"));
        assertThat(keys.claim("owner", "k3", "restart app", T0.plus(Duration.ofMinutes(10)).plusSeconds(4)))
                .as("older than 10 min: forgotten").isInstanceOf(RequestKeys.Claim.Fresh.class);
    }

    @Test
    void keysKeptInTheStateFolderOutliveTheAgentForTheirTimeOnly(@TempDir Path state) throws Exception {
        try (RequestKeys first = RequestKeys.kept(state, T0)) {
            first.claim("owner", "k1", "restart app/web", T0);
            first.made("owner", "k1", "j-1");
            first.claim("ci", "k1", "stop app", T0.plusSeconds(1));
            first.made("ci", "k1", "j-2");
            first.claim("owner", "held", "stop app", T0.plusSeconds(2)); // being handled when the agent died
            first.claim("owner", "old", "start app", T0.minus(Duration.ofMinutes(59)));
            first.made("owner", "old", "j-0");
        }
        Path file = state.resolve("jobs").resolve(RequestKeys.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Instant later = T0.plusSeconds(90);
        try (RequestKeys again = RequestKeys.kept(state, later)) {
            assertThat(again.claim("owner", "k1", "restart app/web", later)).isEqualTo(new RequestKeys.Claim.Made("j-1"));
            assertThat(again.claim("ci", "k1", "stop app", later)).isEqualTo(new RequestKeys.Claim.Made("j-2"));
            assertThat(again.claim("owner", "k1", "stop app/web", later)).as("still one request per key")
                    .isEqualTo(new RequestKeys.Claim.OtherRequest("restart app/web"));
            assertThat(again.claim("owner", "held", "stop app", later)).as("made no job it knows of: judged again")
                    .isInstanceOf(RequestKeys.Claim.Fresh.class);
            assertThat(again.claim("owner", "old", "start app", later)).as("older than an hour by then: forgotten")
                    .isInstanceOf(RequestKeys.Claim.Fresh.class);
        }
        // Rewritten at the start without what expired: one line a key that made a job and is still kept.
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2).allMatch(l -> l.split("\t").length == 5);
        assertThat(state.resolve("jobs").resolve(RequestKeys.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void noKeyMadeLeavesNoFile(@TempDir Path state) throws Exception {
        Path file = state.resolve("jobs").resolve(RequestKeys.FILE);
        try (RequestKeys keys = RequestKeys.kept(state, T0)) {
            keys.claim("owner", "k", "restart app", T0);
            keys.abandon("owner", "k");
        }
        assertThat(file).as("the jobs folder holds no empty file (DiskFullTest)").doesNotExist();
        try (RequestKeys keys = RequestKeys.kept(state, T0)) {
            keys.claim("owner", "k", "restart app", T0);
            keys.made("owner", "k", "j-1");
        }
        try (RequestKeys later = RequestKeys.kept(state, T0.plus(Duration.ofHours(2)))) {
            assertThat(file).as("everything in it expired: gone at the start").doesNotExist();
        }
    }

    @Test
    void aCutOrForeignLineLosesOnlyItselfAndTheFileStaysBounded(@TempDir Path state) throws Exception {
        Path file = state.resolve("jobs").resolve(RequestKeys.FILE);
        Files.createDirectories(file.getParent());
        long at = T0.toEpochMilli();
        Files.writeString(file, at + "\towner\tgood\tj-1\trestart app\n"
                + "garbage\n"
                + "x\towner\tbad-time\tj-2\tstop app\n"
                + at + "\towner\tcut\tj-3", StandardCharsets.UTF_8);
        try (RequestKeys keys = RequestKeys.kept(state, T0.plusSeconds(1))) {
            assertThat(keys.claim("owner", "good", "restart app", T0.plusSeconds(1))).isEqualTo(new RequestKeys.Claim.Made("j-1"));
            assertThat(keys.claim("owner", "cut", "restart app", T0.plusSeconds(1))).isInstanceOf(RequestKeys.Claim.Fresh.class);
        }
        // Appending past MAX lines rewrites the file from what is held, so it never grows past about twice MAX lines.
        try (RequestKeys small = new RequestKeys(3, Duration.ofHours(1), file, T0)) {
            for (int i = 0; i < 10; i++) {
                small.claim("owner", "n" + i, "restart app", T0.plusSeconds(i));
                small.made("owner", "n" + i, "j" + i);
                assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).size()).isLessThanOrEqualTo(6);
            }
        }
        try (RequestKeys reread = new RequestKeys(3, Duration.ofHours(1), file, T0.plusSeconds(20))) {
            assertThat(reread.claim("owner", "n9", "restart app", T0.plusSeconds(20))).isEqualTo(new RequestKeys.Claim.Made("j9"));
            assertThat(reread.claim("owner", "n6", "restart app", T0.plusSeconds(20))).as("the newest 3 only")
                    .isInstanceOf(RequestKeys.Claim.Fresh.class);
        }
    }
}
