package io.capstan.client.trust;

import io.capstan.protocol.Fingerprints;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What a user is shown before trusting an agent's certificate: its SHA-256 fingerprint (the one {@code capstan agent}
 * prints beside its token), subject, issuer and validity, and whether the system's trust store already vouches for it.
 */
public record PeerCertificate(String fingerprint, String subject, String issuer, Instant notBefore, Instant notAfter,
                              boolean systemTrusted) {

    static PeerCertificate of(X509Certificate leaf, boolean systemTrusted) {
        return new PeerCertificate(Fingerprints.sha256(leaf), leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                systemTrusted);
    }

    /** True when {@code now} is outside the certificate's validity. */
    public boolean expiredAt(Instant now) {
        return now.isBefore(notBefore) || now.isAfter(notAfter);
    }
}
