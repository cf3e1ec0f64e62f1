package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one target value: its label, what a lock on it covers, and the names it accepts. */
class TargetNameTest {

    @Test
    void labelsAreTheDeploymentOrDeploymentSlashService() {
        assertThat(TargetName.of("shop").label()).isEqualTo("shop");
        assertThat(TargetName.of("shop", "web").label()).isEqualTo("shop/web");
        assertThat(TargetName.of("shop", null)).isEqualTo(TargetName.of("shop"));
        Job job = new Job("j-1", "shop", "web", Action.RESTART, JobStatus.RUNNING, Instant.EPOCH, null, null, null, null, 0, 0);
        assertThat(TargetName.of(job)).isEqualTo(TargetName.of("shop", "web"));
    }

    @Test
    void aDeploymentCoversItsServicesAndAServiceOnlyItself() {
        TargetName shop = TargetName.of("shop");
        TargetName web = TargetName.of("shop", "web");
        assertThat(shop.covers(web)).isTrue();
        assertThat(shop.covers(shop)).isTrue();
        assertThat(web.covers(web)).isTrue();
        assertThat(web.covers(TargetName.of("shop", "api"))).isFalse();
        assertThat(web.covers(shop)).isFalse();
        // a prefix is not a deployment: "shop" never covers "shop2/web", which a startsWith("shop") key once could
        assertThat(shop.covers(TargetName.of("shop2", "web"))).isFalse();
    }

    @Test
    void namesFollowTheProtocolsRule() {
        assertThatThrownBy(() -> TargetName.of("Shop")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetName.of("shop", "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetName.of("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetName.of((String) null)).isInstanceOf(IllegalArgumentException.class);
    }
}
