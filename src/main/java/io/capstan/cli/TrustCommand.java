package io.capstan.cli;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.client.trust.CertificateProbe;
import io.capstan.client.trust.PeerCertificate;
import io.capstan.protocol.Fingerprints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan trust URL}: shows an HTTPS agent's certificate (SHA-256 fingerprint, subject, issuer, validity) and,
 * once the user agrees, pins it in the saved connection (the console's list), as SSH does with a host key. Only a
 * TLS handshake is made: no request, no token. For scripts, {@code --fingerprint} pins only the certificate the
 * operator announced, and {@code --yes} accepts what is presented.
 */
@Command(name = "trust", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check an HTTPS agent's certificate and pin it in a saved connection (trust on first use, as SSH does).")
public final class TrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "The agent's https:// address (default: the saved connection's).")
    String url;

    @Option(names = {"-c", "--connection"}, paramLabel = "NAME",
            description = "The saved connection to pin it in (created if missing; default: the URL's host).")
    String name;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Save this token with the connection.")
    Path tokenFile;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "Pin only if the agent presents this fingerprint (what capstan agent printed); for scripts.")
    String expected;

    @Option(names = {"-y", "--yes"}, description = "Pin what the agent presents without asking (trust on first use, unattended).")
    boolean yes;

    /** Where connections are saved; tests give their own. */
    SavedConnections saved = null;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SavedConnections connections = saved != null ? saved : SavedConnections.forUser();
        Optional<AgentEndpoint> existing = name == null ? Optional.empty() : connections.find(name);
        String target = url != null ? url : existing.map(AgentEndpoint::baseUrl).orElse(null);
        if (target == null) {
            err.println("say which agent: capstan trust https://HOST:7417 (or -c NAME of a saved connection)");
            return ExitCodes.USAGE;
        }
        if (!target.startsWith("https://")) {
            err.println("only an https:// agent has a certificate to trust (start it with capstan agent --tls): " + target);
            return ExitCodes.USAGE;
        }
        String connectionName = name != null ? name : URI.create(target).getHost();
        if (existing.isEmpty()) existing = connections.find(connectionName);
        String wanted = expected == null ? null : Fingerprints.normalize(expected);
        if (expected != null && wanted == null) {
            err.println("not a SHA-256 fingerprint: " + expected);
            return ExitCodes.USAGE;
        }
        PeerCertificate cert;
        try {
            cert = CertificateProbe.fetch(target, Duration.ofSeconds(10));
        } catch (IOException e) {
            err.println("cannot reach " + target + ": " + io.capstan.client.FailureReasons.describe(e));
            return ExitCodes.AGENT_ERROR;
        }
        describe(out, cert);
        String pinned = existing.map(AgentEndpoint::pin).map(Fingerprints::normalize).orElse(null);
        if (cert.systemTrusted()) {
            out.println("The system already trusts this certificate for this host: no pin is needed.");
        } else if (cert.fingerprint().equals(pinned)) {
            out.println("Already pinned for connection '" + connectionName + "'.");
            return 0;
        } else if (pinned != null) {
            out.println();
            out.println("WARNING: THE AGENT'S CERTIFICATE CHANGED.");
            out.println("  pinned:    SHA-256 " + pinned);
            out.println("  presented: SHA-256 " + cert.fingerprint());
            out.println("Either the agent got a new certificate, or someone is between you and it. Accept the new one only if the");
            out.println("agent's operator confirms the fingerprint above (capstan agent prints it at start).");
        }
        if (!cert.systemTrusted() && !agreed(cert, wanted, out, err)) {
            err.println("not trusted; nothing saved");
            return ExitCodes.AGENT_ERROR;
        }
        String token = tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim()
                : existing.map(AgentEndpoint::token).orElse(null);
        AgentEndpoint base = existing.orElse(new AgentEndpoint(connectionName, target, token));
        AgentEndpoint updated = new AgentEndpoint(connectionName, target, token,
                cert.systemTrusted() ? base.pin() : cert.fingerprint(), false, base.ssh());
        connections.put(updated);
        out.println((cert.systemTrusted() ? "Saved" : "Pinned") + " in connection '" + connectionName + "' (" + connections.file()
                + "); use it with: capstan status -c " + connectionName);
        return 0;
    }

    private boolean agreed(PeerCertificate cert, String wanted, PrintWriter out, PrintWriter err) throws IOException {
        if (wanted != null) {
            if (wanted.equals(cert.fingerprint())) return true;
            err.println("the agent presents SHA-256 " + cert.fingerprint() + ", not the expected " + wanted);
            return false;
        }
        if (yes) return true;
        if (System.console() == null) {
            err.println("no terminal to ask on: pass --fingerprint SHA256 (what the agent printed) or --yes");
            return false;
        }
        out.print("Trust this certificate? Compare the fingerprint with the one the agent printed. [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }

    private static void describe(PrintWriter out, PeerCertificate cert) {
        out.println("SHA-256 fingerprint: " + cert.fingerprint());
        out.println("subject:             " + cert.subject());
        out.println("issuer:              " + cert.issuer());
        out.println("valid:               " + cert.notBefore() + " to " + cert.notAfter()
                + (cert.expiredAt(Instant.now()) ? "  (NOT VALID NOW)" : ""));
    }
}
