package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.protocol.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The reason an agent is unreachable, in plain words, from real and from made failures. */
class FailureReasonsTest {

    @Test
    void eachKindOfFailureHasItsWords() {
        assertThat(FailureReasons.describe(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(FailureReasons.describe(new ConnectException("Failed to connect to /127.0.0.1:9: connect timed out")))
                .isEqualTo("timed out");
        assertThat(FailureReasons.describe(new SocketTimeoutException("timeout"))).isEqualTo("timed out");
        assertThat(FailureReasons.describe(new InterruptedIOException("timeout"))).isEqualTo("timed out");
        assertThat(FailureReasons.describe(new UnknownHostException("agent.example: Name or service not known")))
                .isEqualTo("unknown host");
        assertThat(FailureReasons.describe(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS handshake failed");
        assertThat(FailureReasons.describe(new UnauthorizedException(ErrorCode.UNAUTHORIZED, "bad token", 401)))
                .isEqualTo("authentication failed");
        assertThat(FailureReasons.describe(new SocketException("Connection reset"))).isEqualTo("the connection was reset");
        assertThat(FailureReasons.describe(new SocketException("Broken pipe"))).isEqualTo("the agent closed the connection");
        assertThat(FailureReasons.describe(new SocketException("Network is unreachable"))).isEqualTo("network unreachable");
    }

    @Test
    void okHttpsEndOfStreamTextNeverShows() {
        // What OkHttp throws when the agent closes the socket before answering.
        IOException eof = new IOException("unexpected end of stream on http://127.0.0.1:7417/...",
                new EOFException("\\n not found: limit=0 content=…"));
        assertThat(FailureReasons.describe(eof)).isEqualTo("the agent closed the connection");
        assertThat(FailureReasons.describe(new EOFException("\\n not found: limit=0"))).isEqualTo("the agent closed the connection");
    }

    @Test
    void theCauseChainIsSearchedAndTheFallbackIsPlainToo() {
        assertThat(FailureReasons.describe(new IllegalStateException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(FailureReasons.describe(new IOException("some library's internal text: x=1")))
                .isEqualTo(FailureReasons.FALLBACK);
    }

    @Test
    void aRealRefusedConnectionSaysConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AgentClient c = new AgentClient(new AgentEndpoint("gone", "http://127.0.0.1:" + port, "t"))) {
            assertThatThrownBy(c::info).isInstanceOf(UnavailableException.class).hasMessageEndingWith(": connection refused");
        }
    }

    @Test
    void aRealAgentThatHangsUpSaysTheAgentClosedTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread hangUp = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.getInputStream().read();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hang-up");
            hangUp.start();
            try (AgentClient c = new AgentClient(new AgentEndpoint("rude", "http://127.0.0.1:" + server.getLocalPort(), "t"))) {
                assertThatThrownBy(c::info).isInstanceOf(UnavailableException.class)
                        .hasMessageEndingWith(": the agent closed the connection")
                        .hasMessageNotContaining("limit=");
            }
        }
    }
}
