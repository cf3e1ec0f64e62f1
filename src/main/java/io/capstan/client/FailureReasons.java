package io.capstan.client;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Why an agent cannot be reached, in the plain words an operator reads: "connection refused", "the agent closed the
 * connection", "timed out", "authentication failed", "unknown host", "TLS handshake failed". Never the exception's
 * own text ({@code EOFException: \n not found: limit=0}): that belongs in the log file, not in the window.
 *
 * <p>The one mapping from a failure to words: the streams' states, the calls' errors, and through them every place
 * the console shows a reason (the tree, the status bar, log notices, saved logs) use it.
 */
public final class FailureReasons {

    /** When nothing more precise is known. */
    static final String FALLBACK = "connection failed";

    private FailureReasons() {
    }

    /** Plain words for {@code failure}, looking through its causes for the most telling one. */
    public static String describe(Throwable failure) {
        // Looked for first: the handshake exception around it would otherwise read as a bare "TLS handshake failed".
        var untrusted = io.capstan.client.trust.CertificateTrustException.in(failure);
        if (untrusted.isPresent()) {
            return untrusted.get().changed() ? "the agent's certificate changed" : "certificate not trusted yet";
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String words = words(t);
            if (words != null) {
                return words;
            }
        }
        return FALLBACK;
    }

    private static String words(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof ClearTextRefusedException) {
            return "the token would travel in clear text";
        }
        if (t instanceof UnauthorizedException) {
            return "authentication failed";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
            return "TLS handshake failed";
        }
        if (t instanceof SSLException) {
            return message.contains("handshake") || message.contains("unrecognized ssl") || message.contains("plaintext")
                    ? "TLS handshake failed" : "TLS error";
        }
        if (t instanceof NoRouteToHostException || message.contains("no route to host")) {
            return "no route to host";
        }
        if (message.contains("network is unreachable")) {
            return "network unreachable";
        }
        if (t instanceof ConnectException) {
            return message.contains("timed out") ? "timed out" : "connection refused";
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (t instanceof EOFException || message.contains("unexpected end of stream") || message.contains("not found: limit=")
                || message.contains("broken pipe")) {
            return "the agent closed the connection";
        }
        if (message.contains("connection reset")) {
            return "the connection was reset";
        }
        if (t instanceof InterruptedIOException) {
            return "timed out";
        }
        if (t instanceof SocketException && message.contains("closed")) {
            return "the agent closed the connection";
        }
        return null;
    }
}
