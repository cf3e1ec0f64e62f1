package io.capstan.client.trust;

import io.capstan.protocol.Fingerprints;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import io.capstan.client.internal.Hostnames;

/**
 * How a client decides to trust an agent, the way SSH does with host keys (decision record 71): a certificate the
 * system's trust store vouches for (and that names the host) is trusted as browsers would; otherwise only the one
 * certificate whose SHA-256 fingerprint the user pinned for this connection. Nothing pinned: refused, with the
 * certificate's details for the user to check ({@link CertificateTrustException}, first use). Another one pinned:
 * refused as changed. A pinned certificate is its own identity, so its host names and validity are not checked: a
 * self-signed agent reached by an address its certificate does not name still works, and a changed certificate is
 * refused even if it would otherwise look fine.
 */
public final class PinnedTrust implements X509TrustManager {
    private final X509TrustManager system;
    private final String pin;

    /** {@code pin}: the pinned fingerprint, any spelling {@link Fingerprints#normalize} accepts, or null for none. */
    public PinnedTrust(String pin) {
        this.system = systemTrust();
        this.pin = Fingerprints.normalize(pin);
    }

    /** The platform's default trust manager (the JDK's cacerts, or what {@code javax.net.ssl.trustStore} names). */
    static X509TrustManager systemTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return x;
            }
            throw new IllegalStateException("no X509 trust manager in this runtime");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the system's trust store", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("the agent presented no certificate");
        try {
            system.checkServerTrusted(chain, authType);
            return;
        } catch (CertificateException notBySystem) {
            // fall through to the pin
        }
        String presented = Fingerprints.sha256(chain[0]);
        if (presented.equals(pin)) return;
        throw new CertificateTrustException(PeerCertificate.of(chain[0], false), pin);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system.getAcceptedIssuers();
    }

    /** A socket factory that trusts as this does. */
    public SSLSocketFactory socketFactory() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /**
     * Host names are checked as usual for certificates the system trusts; the pinned certificate is accepted under any
     * name, because its fingerprint, not a name, is what the user checked.
     */
    public HostnameVerifier hostnameVerifier() {
        return (host, session) -> pinned(session) || Hostnames.standard().verify(host, session);
    }

    private boolean pinned(SSLSession session) {
        if (pin == null) return false;
        try {
            return session.getPeerCertificates()[0] instanceof X509Certificate x && pin.equals(Fingerprints.sha256(x));
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
