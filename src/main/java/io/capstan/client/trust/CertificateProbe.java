package io.capstan.client.trust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import io.capstan.client.internal.Hostnames;

/**
 * Looks at the certificate an HTTPS agent presents without trusting it: a TLS handshake and nothing more (no request,
 * so no token is sent), for the user to decide whether to pin it ({@code capstan trust}, the console's Test
 * connection).
 */
public final class CertificateProbe {
    private CertificateProbe() {
    }

    /** The certificate at {@code baseUrl} ({@code https://host:port}), and whether the system already trusts it. */
    public static PeerCertificate fetch(String baseUrl, Duration timeout) throws IOException {
        URI uri = URI.create(baseUrl);
        if (!"https".equalsIgnoreCase(uri.getScheme())) throw new IOException("not an https URL: " + baseUrl);
        String host = uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        X509TrustManager record = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain); // recorded, not trusted: this connection carries nothing but the handshake
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {record}, null);
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                int millis = (int) timeout.toMillis();
                socket.connect(new InetSocketAddress(host, port), millis);
                socket.setSoTimeout(millis);
                socket.startHandshake();
                X509Certificate[] chain = seen.get();
                if (chain == null || chain.length == 0) throw new IOException("the agent presented no certificate");
                boolean systemTrusted = systemTrusts(chain) && Hostnames.standard().verify(host, socket.getSession());
                return PeerCertificate.of(chain[0], systemTrusted);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static boolean systemTrusts(X509Certificate[] chain) {
        try {
            PinnedTrust.systemTrust().checkServerTrusted(chain, "UNKNOWN");
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }
}
