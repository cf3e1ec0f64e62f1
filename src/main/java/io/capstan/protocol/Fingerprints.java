package io.capstan.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate's SHA-256 fingerprint as both sides show and compare it: the digest of its DER encoding in upper-case
 * hex pairs joined by colons, the form {@code openssl x509 -fingerprint -sha256} prints, so an operator can check it
 * by eye against that command on the agent's host.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /**
     * The canonical form of a fingerprint someone typed or pasted: colons, spaces and case do not matter, an
     * optional {@code SHA256:} prefix is dropped. Null when it is not 32 bytes of hex.
     */
    public static String normalize(String text) {
        if (text == null) return null;
        String hex = text.trim().toUpperCase(Locale.ROOT);
        if (hex.startsWith("SHA256:") || hex.startsWith("SHA-256:")) hex = hex.substring(hex.indexOf(':') + 1);
        hex = hex.replaceAll("[\\s:]", "");
        if (!hex.matches("[0-9A-F]{64}")) return null;
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }
}
