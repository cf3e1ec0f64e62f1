package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every protocol enum spells each constant's wire name once, in {@code @JsonProperty}, and {@link WireNames} reads it. */
class WireNamesTest {
    private static final List<Class<? extends Enum<?>>> ENUMS = List.of(Action.class, DeploymentStatus.class, HealthStatus.class,
            ErrorCode.class, JobStatus.class, LineStream.class, ServiceStatus.class, ServiceEventKind.class, TokenRefusal.class);

    @Test
    void everyConstantHasAWireNameAndItIsWhatJacksonWrites() throws Exception {
        for (Class<? extends Enum<?>> type : ENUMS) {
            for (Enum<?> c : type.getEnumConstants()) {
                JsonProperty p = type.getField(c.name()).getAnnotation(JsonProperty.class);
                assertThat(p).as("%s.%s has @JsonProperty", type.getSimpleName(), c.name()).isNotNull();
                assertThat(WireNames.of(c)).isEqualTo(p.value()).isEqualTo(json(c));
            }
        }
        assertThat(WireNames.of(ErrorCode.INSUFFICIENT_STORAGE)).isEqualTo("insufficient_storage");
        assertThat(LineStream.fromWire("stderr")).isEqualTo(LineStream.STDERR);
        assertThat(LineStream.fromWire("audit")).isEqualTo(LineStream.STDOUT);
    }

    @Test
    void theProtocolPackageHoldsNoEnumThisTestForgets() throws Exception {
        List<String> known = ENUMS.stream().map(Class::getSimpleName).toList();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/java/io/capstan/protocol"))) {
            for (java.nio.file.Path f : files.toList()) {
                String text = java.nio.file.Files.readString(f);
                if (text.contains("public enum ")) {
                    assertThat(known).contains(f.getFileName().toString().replace(".java", ""));
                }
            }
        }
    }

    @Test
    void aServiceEventKindThisSideDoesNotKnowReadsAsUnknown() throws Exception {
        Messages.ServiceEvent e = ProtocolJson.mapper().readValue("""
                {"seq":7,"deployment":"shop","service":"web","kind":"oom-killed","at":"2026-12-02T04:00:00.000Z"}""",
                Messages.ServiceEvent.class);
        assertThat(e.kind()).isEqualTo(ServiceEventKind.UNKNOWN);
        assertThat(ProtocolJson.mapper().readValue("""
                {"seq":8,"deployment":"shop","service":"web","kind":"crash-looping"}""", Messages.ServiceEvent.class).kind())
                .isEqualTo(ServiceEventKind.CRASH_LOOPING);
    }

    private static String json(Enum<?> c) throws JsonProcessingException {
        String s = ProtocolJson.mapper().writeValueAsString(c);
        return s.substring(1, s.length() - 1);
    }
}
