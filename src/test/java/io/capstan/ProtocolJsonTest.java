package io.capstan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Names;
import io.capstan.protocol.ProtocolJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {
    private final ObjectMapper json = ProtocolJson.mapper();

    @Test
    void timestampsAlwaysCarryMilliseconds() throws Exception {
        Line line = new Line(1, Instant.parse("2026-11-23T10:15:30Z"), LineStream.STDOUT, "x");
        assertThat(json.writeValueAsString(line))
                .isEqualTo("{\"seq\":1,\"ts\":\"2026-11-23T10:15:30.000Z\",\"stream\":\"stdout\",\"text\":\"x\"}");
    }

    @Test
    void unknownFieldsAndEnumValuesAreTolerated() throws Exception {
        Line line = json.readValue("{\"seq\":2,\"ts\":\"2026-11-23T10:15:30.123Z\",\"stream\":\"stdout\","
                + "\"text\":\"a\",\"future\":true}", Line.class);
        assertThat(line.seq()).isEqualTo(2);
        assertThat(json.readValue("\"hibernating\"", DeploymentStatus.class)).isEqualTo(DeploymentStatus.UNKNOWN);
    }

    @Test
    void namesFollowTheRule() {
        assertThat(Names.isValid("shop")).isTrue();
        assertThat(Names.isValid("web-1.blue_x")).isTrue();
        assertThat(Names.isValid("a".repeat(63))).isTrue();
        assertThat(Names.isValid("a".repeat(64))).isFalse();
        assertThat(Names.isValid("../etc")).isFalse();
        assertThat(Names.isValid("Shop")).isFalse();
        assertThat(Names.isValid("-x")).isFalse();
        assertThat(Names.isValid("")).isFalse();
        assertThat(Names.isValid(null)).isFalse();
    }
}
