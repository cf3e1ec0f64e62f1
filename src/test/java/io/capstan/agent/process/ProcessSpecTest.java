package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.backend.DeploymentConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {
    private static final Path FOLDER = Path.of("/srv/shop");
    private static final Path FILE = FOLDER.resolve("capstan.yaml");
    private static final Map<String, String> PLACEHOLDERS = Map.of("java", "/opt/jdk/bin/java", "classpath", "/opt/app.jar");

    private static ProcessSpec parse(String yaml) throws DeploymentConfigException {
        return ProcessSpec.parse(FILE, FOLDER, yaml, PLACEHOLDERS);
    }

    @Test
    void readsAFullDefinitionInStartOrder() throws Exception {
        ProcessSpec spec = parse("""
                services:
                  web:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
                    workdir: site
                    env: {PORT: "8080", CP: "${classpath}"}
                    build:
                      - ["make", "all"]
                      - ["${java}", "-version"]
                    stopTimeout: 1500ms
                    order: 2
                    autostart: true
                  db:
                    command: ["postgres"]
                    order: 1
                """);
        assertThat(spec.services()).extracting(ProcessSpec.ServiceSpec::name).containsExactly("db", "web");
        ProcessSpec.ServiceSpec web = spec.services().get(1);
        assertThat(web.command()).containsExactly("/opt/jdk/bin/java", "-cp", "/opt/app.jar", "io.capstan.demo.DemoService",
                "--name", "web");
        assertThat(web.workdir()).isEqualTo(FOLDER.resolve("site"));
        assertThat(web.env()).containsEntry("PORT", "8080").containsEntry("CP", "/opt/app.jar");
        assertThat(web.build()).containsExactly(List.of("make", "all"), List.of("/opt/jdk/bin/java", "-version"));
        assertThat(web.stopTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(web.autostart()).isTrue();
        ProcessSpec.ServiceSpec db = spec.services().get(0);
        assertThat(db.workdir()).isEqualTo(FOLDER);
        assertThat(db.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(db.autostart()).isFalse();
        assertThat(db.build()).isEmpty();
    }

    @Test
    void unknownKeyNamesFileLineAndKey() {
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: ["./server"]
                    restartPolicy: always
                """))
                .isInstanceOf(DeploymentConfigException.class)
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("line 4")
                .hasMessageContaining("unknown key 'restartPolicy'")
                .hasMessageContaining("services.web");
    }

    @Test
    void shellStringCommandIsRefused() {
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: "./server --port 8080 && rm -rf /"
                """))
                .isInstanceOf(DeploymentConfigException.class)
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("services.web.command must be a list of arguments")
                .hasMessageContaining("shell command strings are not accepted");
    }

    @Test
    void shellStringBuildStepIsRefused() {
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: ["./server"]
                    build: ["make all"]
                """))
                .isInstanceOf(DeploymentConfigException.class)
                .hasMessageContaining("must be a list of arguments");
    }

    @Test
    void badServiceNameIsRefused() {
        assertThatThrownBy(() -> parse("""
                services:
                  Web Server:
                    command: ["./server"]
                """))
                .isInstanceOf(DeploymentConfigException.class)
                .hasMessageContaining("invalid service name 'Web Server'");
    }

    @Test
    void emptyOrMissingCommandIsRefused() {
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: []
                """)).hasMessageContaining("service 'web': command is missing or empty");
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    workdir: .
                """)).hasMessageContaining("command is missing or empty");
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: [""]
                """)).hasMessageContaining("the program (first argument) is empty");
    }

    @Test
    void brokenYamlAndBadValuesAreExplained() {
        assertThatThrownBy(() -> parse("services: [\n  web: {")).isInstanceOf(DeploymentConfigException.class)
                .hasMessageContaining(FILE.toString()).hasMessageContaining("line");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("no services");
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: ["./server"]
                    stopTimeout: soon
                """)).hasMessageContaining("stopTimeout 'soon' is not a duration");
        assertThatThrownBy(() -> parse("""
                services:
                  web:
                    command: ["./server"]
                    order: first
                """)).hasMessageContaining("line 4").hasMessageContaining("services.web.order");
    }
}
