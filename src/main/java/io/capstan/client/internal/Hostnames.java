package io.capstan.client.internal;

import javax.net.ssl.HostnameVerifier;
import okhttp3.internal.tls.OkHostnameVerifier;

/** The standard check that a certificate names the host asked for (RFC 2818), as OkHttp does it. */
public final class Hostnames {
    private Hostnames() {
    }

    /** OkHttp's verifier: the same rule the calls' TLS uses when no pin applies. */
    public static HostnameVerifier standard() {
        return OkHostnameVerifier.INSTANCE;
    }
}
