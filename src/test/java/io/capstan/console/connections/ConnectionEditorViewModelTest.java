package io.capstan.console.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.fx.DirectBackground;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionEditorViewModelTest {

    private ConnectionEditorViewModel editor(ConnectionTester tester) {
        return new ConnectionEditorViewModel(null, Set.of("prod"), new DirectBackground(), tester);
    }

    @Test
    void saysWhatToFixFieldByField() {
        ConnectionEditorViewModel model = editor(endpoint -> "ok");
        assertThat(model.problemProperty().get()).contains("name");
        model.nameProperty().set("prod");
        assertThat(model.problemProperty().get()).contains("already called prod");
        model.nameProperty().set("staging");
        model.urlProperty().set("ftp://host");
        assertThat(model.problemProperty().get()).contains("http://");
        model.urlProperty().set("http://host:7417/api/v1");
        assertThat(model.problemProperty().get()).contains("without a path");
        model.urlProperty().set("http://host:7417");
        assertThat(model.problemProperty().get()).contains("token");
        model.tokenProperty().set("abc def");
        assertThat(model.problemProperty().get()).contains("spaces");
        model.tokenProperty().set("0123456789abcdef0123");
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.validProperty().get()).isTrue();
        assertThat(model.result()).isEqualTo(new AgentEndpoint("staging", "http://host:7417", "0123456789abcdef0123"));
    }

    @Test
    void testConnectionReportsSuccessAndFailureAndResetsOnEdit() {
        ConnectionEditorViewModel model = editor(endpoint -> {
            if (endpoint.token().startsWith("bad")) {
                throw new IllegalStateException("401 unauthorized: token rejected");
            }
            return "Connected: staging";
        });
        model.nameProperty().set("staging");
        model.urlProperty().set("http://127.0.0.1:7417");
        model.tokenProperty().set("bad-token-1234567890");

        model.testConnection();
        assertThat(model.testOkProperty().get()).isFalse();
        assertThat(model.testResultProperty().get()).isEqualTo("Failed: 401 unauthorized: token rejected");

        model.tokenProperty().set("good-token-1234567890");
        assertThat(model.testResultProperty().get()).as("an edit clears the old verdict").isEmpty();
        model.testConnection();
        assertThat(model.testOkProperty().get()).isTrue();
        assertThat(model.testResultProperty().get()).isEqualTo("Connected: staging");
    }

    @Test
    void editingKeepsTheFieldsAndAllowsTheSameName() {
        AgentEndpoint existing = new AgentEndpoint("prod", "https://prod.example:7417", "0123456789abcdef0123");
        ConnectionEditorViewModel model = new ConnectionEditorViewModel(existing, Set.of("local"), new DirectBackground(),
                endpoint -> "ok");
        assertThat(model.validProperty().get()).isTrue();
        assertThat(model.result()).isEqualTo(existing);
    }

    @Test
    void sshRoutesPinsAndInsecureTravelWithTheConnectionAndAnotherUrlForgetsThePin() {
        io.capstan.client.AgentEndpoint existing = new io.capstan.client.AgentEndpoint("db", "http://127.0.0.1:7417", "t".repeat(32),
                "AA:BB", false, new io.capstan.client.SshRoute("ops@db1", 2222));
        ConnectionEditorViewModel model = new ConnectionEditorViewModel(existing, Set.of(), new DirectBackground(), endpoint -> "ok");
        assertThat(model.sshProperty().get()).isEqualTo("ops@db1:2222");
        assertThat(model.result().ssh()).isEqualTo(new io.capstan.client.SshRoute("ops@db1", 2222));
        assertThat(model.result().pin()).isEqualTo("AA:BB");
        model.sshProperty().set("-oProxyCommand=evil");
        assertThat(model.problemProperty().get()).contains("SSH server is not valid");
        model.sshProperty().set("db1");
        assertThat(model.result().ssh()).isEqualTo(new io.capstan.client.SshRoute("db1", 0));
        model.insecureProperty().set(true);
        assertThat(model.result().insecure()).isTrue();
        model.urlProperty().set("https://other:7417");
        assertThat(model.result().pin()).as("a pin belongs to the agent it was made for").isNull();
    }
}
