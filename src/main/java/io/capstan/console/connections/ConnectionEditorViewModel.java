package io.capstan.console.connections;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.fx.Background;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Adds or edits one agent connection: name, URL and token, checked as the user types, with "test connection"
 * against the real agent. UI thread only; the test runs through the {@link Background}.
 */
public final class ConnectionEditorViewModel {

    private final Set<String> takenNames;
    private final Background background;
    private final ConnectionTester tester;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "http://127.0.0.1:7417");
    private final StringProperty token = new SimpleStringProperty(this, "token", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper(this, "testResult", "");
    private final ReadOnlyBooleanWrapper testOk = new ReadOnlyBooleanWrapper(this, "testOk", false);
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(this, "testing", false);
    private final BooleanBinding valid = Bindings.createBooleanBinding(() -> problem.get().isEmpty(), problem);

    /**
     * @param existing   the connection being edited, or null to add one
     * @param takenNames names of the other connections (a name must be unique)
     */
    public ConnectionEditorViewModel(AgentEndpoint existing, Set<String> takenNames, Background background,
                                     ConnectionTester tester) {
        this.takenNames = Set.copyOf(takenNames);
        this.background = Objects.requireNonNull(background);
        this.tester = Objects.requireNonNull(tester);
        if (existing != null) {
            name.set(existing.name());
            url.set(existing.baseUrl());
            token.set(existing.token() == null ? "" : existing.token());
        }
        name.addListener((obs, old, now) -> changed());
        url.addListener((obs, old, now) -> changed());
        token.addListener((obs, old, now) -> changed());
        changed();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    /** Empty when the fields are usable; otherwise what to fix, in one sentence. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testOkProperty() {
        return testOk.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    /** Tries the connection; the outcome lands in {@link #testResultProperty()}. */
    public void testConnection() {
        if (!valid.get() || testing.get()) {
            return;
        }
        AgentEndpoint endpoint = result();
        testing.set(true);
        testResult.set("Testing " + endpoint.baseUrl() + "…");
        background.submit(() -> tester.test(endpoint), description -> {
            testing.set(false);
            testOk.set(true);
            testResult.set(description);
        }, failure -> {
            testing.set(false);
            testOk.set(false);
            testResult.set("Failed: " + (failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName()));
        });
    }

    /** The endpoint as typed; only meaningful when valid. */
    public AgentEndpoint result() {
        return new AgentEndpoint(name.get().trim(), url.get().trim(), token.get().trim());
    }

    private void changed() {
        testResult.set("");
        testOk.set(false);
        problem.set(check(name.get().trim(), url.get().trim(), token.get().trim()));
    }

    private String check(String nameText, String urlText, String tokenText) {
        if (nameText.isEmpty()) {
            return "Give the connection a name.";
        }
        if (nameText.length() > 64) {
            return "The name is longer than 64 characters.";
        }
        if (takenNames.contains(nameText)) {
            return "Another connection is already called " + nameText + ".";
        }
        String urlProblem = checkUrl(urlText);
        if (urlProblem != null) {
            return urlProblem;
        }
        if (tokenText.isEmpty()) {
            return "Paste the agent's token (the agent prints where its token file is).";
        }
        if (tokenText.chars().anyMatch(Character::isWhitespace)) {
            return "The token must not contain spaces or line breaks.";
        }
        return "";
    }

    static String checkUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "The URL is not valid: " + e.getReason() + ".";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "The URL must start with http:// or https://.";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "The URL needs a host, e.g. http://127.0.0.1:7417.";
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            return "Give the agent's address only, without a path such as /api/v1.";
        }
        return null;
    }
}
