package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Health is typed on the wire (issue 13 item 2: a wire name on every enum): written as {@code healthy},
 * {@code unhealthy}, {@code starting}; a word a newer agent sends that this side does not know reads as
 * {@code UNKNOWN} in a service and in a service event, instead of failing the whole snapshot or event.
 */
class HealthStatusTest {
    @Test
    void writtenByItsWireName() throws Exception {
        Service s = new Service("web", ServiceStatus.RUNNING, null, 1L, null, null, null, HealthStatus.UNHEALTHY);
        assertThat(ProtocolJson.mapper().writeValueAsString(s)).contains("\"health\":\"unhealthy\"");
        Messages.ServiceEvent e = new Messages.ServiceEvent(3, "shop", "web", ServiceEventKind.HEALTH, null, 0,
                HealthStatus.HEALTHY, null);
        assertThat(ProtocolJson.mapper().writeValueAsString(e)).contains("\"health\":\"healthy\"");
    }

    @Test
    void aValueOfANewerAgentReadsAsUnknownAndNoneAsNull() throws Exception {
        Service s = ProtocolJson.mapper().readValue("{\"name\":\"web\",\"status\":\"running\",\"health\":\"degraded\"}", Service.class);
        assertThat(s.health()).isEqualTo(HealthStatus.UNKNOWN);
        Messages.ServiceEvent e = ProtocolJson.mapper().readValue("{\"seq\":4,\"deployment\":\"shop\",\"service\":\"web\","
                + "\"kind\":\"health\",\"health\":\"degraded\"}", Messages.ServiceEvent.class);
        assertThat(e.health()).isEqualTo(HealthStatus.UNKNOWN);
        Service none = ProtocolJson.mapper().readValue("{\"name\":\"web\",\"status\":\"running\",\"health\":null}", Service.class);
        assertThat(none.health()).isNull();
        for (HealthStatus h : HealthStatus.values()) {
            String json = ProtocolJson.mapper().writeValueAsString(h);
            assertThat(ProtocolJson.mapper().readValue(json, HealthStatus.class)).isEqualTo(h);
        }
    }

    @Test
    void theEnginesWordsAreReadAndItsNoneIsNoHealth() {
        assertThat(HealthStatus.ofEngine("healthy")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.ofEngine("unhealthy")).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(HealthStatus.ofEngine("starting")).isEqualTo(HealthStatus.STARTING);
        assertThat(HealthStatus.ofEngine("none")).isNull();
        assertThat(HealthStatus.ofEngine("")).isNull();
        assertThat(HealthStatus.ofEngine(null)).isNull();
        assertThat(HealthStatus.ofEngine("sick")).isEqualTo(HealthStatus.UNKNOWN);
    }
}
