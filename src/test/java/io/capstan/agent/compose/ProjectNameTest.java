package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectNameTest {
    @Test
    void isTheDeploymentNameWithoutDotsAsComposeWouldNameTheFolder() {
        assertThat(ProjectName.of("shop")).isEqualTo("shop");
        assertThat(ProjectName.of("shop-eu_2")).isEqualTo("shop-eu_2");
        assertThat(ProjectName.of("api.v2")).isEqualTo("apiv2");
        assertThat(ProjectName.of("9.a.b")).isEqualTo("9ab");
    }

    @Test
    void refusesWhatIsNotADeploymentName() {
        assertThatThrownBy(() -> ProjectName.of("Shop")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProjectName.of("a;rm -rf")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProjectName.of(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }
}
