package io.capstan.console.connections;

import io.capstan.client.trust.CertificateTrustException;
import io.capstan.client.trust.PeerCertificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What the connection dialog says about a certificate it was refused for: first use, or changed. Pure. */
final class TrustWords {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private TrustWords() {
    }

    static String describe(CertificateTrustException refused, Instant now) {
        PeerCertificate c = refused.presented();
        String details = "SHA-256 " + c.fingerprint() + "\nSubject: " + c.subject() + "\nValid " + DAY.format(c.notBefore())
                + " to " + DAY.format(c.notAfter()) + (c.expiredAt(now) ? " (not valid now)" : "");
        if (refused.changed()) {
            return "The agent's certificate CHANGED. Pinned: SHA-256 " + refused.pinned() + "\nNow presented: " + details
                    + "\nEither the agent got a new certificate or someone is in between. Accept the new one only if the"
                    + " agent's operator confirms this fingerprint.";
        }
        return "This agent's certificate is not trusted yet. Compare its fingerprint with the one the agent printed"
                + " beside its token:\n" + details;
    }
}
