package io.capstan.console.connections;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.fx.Background;
import io.capstan.client.SshRoute;
import io.capstan.client.trust.CertificateTrustException;
import io.capstan.client.trust.PeerCertificate;
import java.net.URI;
import java.time.Instant;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Adds or edits one agent connection: name, URL and token, checked as the user types, with "test connection"
 * against the real agent. UI thread only; the test runs through the {@link Background}. An HTTPS agent whose
 * certificate the system does not trust is the trust step: the test is refused in the handshake (nothing sent), the
 * certificate's fingerprint, subject and validity are shown, and {@link #trustCertificate()} pins it; a certificate
 * other than the pinned one is shown as changed, with both fingerprints, until the user accepts it the same way.
 * Optionally the agent is reached through SSH ({@code [user@]host[:port]}), its URL then being its address there.
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
    private final StringProperty ssh = new SimpleStringProperty(this, "ssh", "");
    private final BooleanProperty insecure = new SimpleBooleanProperty(this, "insecure", false);
    /** The fingerprint pinned for this connection; empty when none. */
    private final ReadOnlyStringWrapper pin = new ReadOnlyStringWrapper(this, "pin", "");
    /** The certificate the last test was refused for, waiting for the user's decision; null when none. */
    private final ReadOnlyObjectWrapper<PeerCertificate> untrusted = new ReadOnlyObjectWrapper<>(this, "untrusted");
    /** True when that certificate replaced a pinned one: the loud case. */
    private final ReadOnlyBooleanWrapper changedCertificate = new ReadOnlyBooleanWrapper(this, "changedCertificate", false);
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
            pin.set(existing.pin() == null ? "" : existing.pin());
            insecure.set(existing.insecure());
            ssh.set(existing.ssh() == null ? "" : existing.ssh().destination()
                    + (existing.ssh().port() > 0 ? ":" + existing.ssh().port() : ""));
        }
        name.addListener((obs, old, now) -> changed());
        url.addListener((obs, old, now) -> {
            // Another address is another agent: what was trusted for the old one says nothing about it.
            pin.set("");
            changed();
        });
        ssh.addListener((obs, old, now) -> changed());
        insecure.addListener((obs, old, now) -> changed());
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

    /** {@code [user@]host[:port]} of the SSH server to tunnel through; empty for a direct connection. */
    public StringProperty sshProperty() {
        return ssh;
    }

    /** Plain HTTP to another host, token in clear text, chosen on purpose. */
    public BooleanProperty insecureProperty() {
        return insecure;
    }

    public ReadOnlyStringProperty pinProperty() {
        return pin.getReadOnlyProperty();
    }

    /** The certificate waiting for the user's decision after a refused test (first use or changed), else null. */
    public ReadOnlyObjectProperty<PeerCertificate> untrustedProperty() {
        return untrusted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty changedCertificateProperty() {
        return changedCertificate.getReadOnlyProperty();
    }

    /**
     * The user checked the certificate shown and trusts it: its fingerprint becomes this connection's pin (saved with
     * it), and the test runs again with it.
     */
    public void trustCertificate() {
        PeerCertificate cert = untrusted.get();
        if (cert == null) {
            return;
        }
        pin.set(cert.fingerprint());
        untrusted.set(null);
        changedCertificate.set(false);
        testConnection();
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
            var refused = CertificateTrustException.in(failure);
            if (refused.isPresent()) {
                untrusted.set(refused.get().presented());
                changedCertificate.set(refused.get().changed());
                testResult.set(TrustWords.describe(refused.get(), Instant.now()));
                return;
            }
            testResult.set("Failed: " + (failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName()));
        });
    }

    /** The endpoint as typed; only meaningful when valid. */
    public AgentEndpoint result() {
        return new AgentEndpoint(name.get().trim(), url.get().trim(), token.get().trim(), pin.get().isEmpty() ? null : pin.get(),
                insecure.get(), sshRoute(ssh.get().trim()));
    }

    /** {@code [user@]host[:port]} as an SSH route, or null when empty (only meaningful when {@link #problemProperty()} is empty). */
    static SshRoute sshRoute(String text) {
        if (text.isEmpty()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon && text.substring(colon + 1).matches("\\d{1,5}")) {
            return new SshRoute(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
        return new SshRoute(text, 0);
    }

    private void changed() {
        testResult.set("");
        testOk.set(false);
        untrusted.set(null);
        changedCertificate.set(false);
        String sshProblem = null;
        try {
            sshRoute(ssh.get().trim());
        } catch (IllegalArgumentException e) {
            sshProblem = "The SSH server is not valid: give [user@]host or [user@]host:port.";
        }
        String p = check(name.get().trim(), url.get().trim(), token.get().trim());
        problem.set(p.isEmpty() && sshProblem != null ? sshProblem : p);
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
