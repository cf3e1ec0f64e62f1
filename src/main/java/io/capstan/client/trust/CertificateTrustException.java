package io.capstan.client.trust;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * The agent's certificate is not trusted: the system does not vouch for it, and either nothing is pinned for this
 * connection ({@link #pinned()} null: first use, the user has to look at it) or something else is pinned (the
 * certificate changed: refused until the user accepts the new one). Thrown inside the TLS handshake, so the call fails
 * before any request, token included, is sent.
 */
public final class CertificateTrustException extends CertificateException {
    private final transient PeerCertificate presented;
    private final String pinned;

    CertificateTrustException(PeerCertificate presented, String pinned) {
        super(pinned == null
                ? "the agent's certificate is not trusted: SHA-256 " + presented.fingerprint() + " (" + presented.subject()
                        + "); check it against the fingerprint the agent printed, then trust it"
                : "the agent's certificate changed: pinned SHA-256 " + pinned + ", presented SHA-256 " + presented.fingerprint()
                        + ". Either the agent got a new certificate or someone is in between; accept the new one only if the "
                        + "agent's operator confirms its fingerprint");
        this.presented = presented;
        this.pinned = pinned;
    }

    public PeerCertificate presented() {
        return presented;
    }

    /** The fingerprint pinned for the connection, or null when none was. */
    public String pinned() {
        return pinned;
    }

    /** True when a different certificate was pinned: the loud case. */
    public boolean changed() {
        return pinned != null;
    }

    /** The trust failure somewhere in {@code failure}'s causes, if that is why it failed. */
    public static Optional<CertificateTrustException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateTrustException c) return Optional.of(c);
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof CertificateTrustException c) return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
