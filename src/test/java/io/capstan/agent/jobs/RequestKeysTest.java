package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
}
