package io.capstan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ProtocolJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The least a client can do to follow {@code /api/v1/events}: a plain socket, HTTP written by hand, each
 * {@code deployment} event's JSON parsed and handed on. No reconnects, no store. The limit our client is compared with
 * in scenario 1: what the agent and the loopback hop cost before any client logic.
 */
final class RawEventReader implements AutoCloseable {
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final Socket socket;
    private final Thread reader;

    RawEventReader(BenchAgent agent, Consumer<Messages.DeploymentEvent> onDeployment) throws IOException {
        socket = new Socket("127.0.0.1", agent.port());
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nAuthorization: Bearer " + agent.token()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = new Thread(() -> read(onDeployment), "bench-raw-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Consumer<Messages.DeploymentEvent> onDeployment) {
        // Chunked coding adds size lines; the agent flushes each event as one chunk, so a chunk never splits an event line.
        try (BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String type = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    type = line.substring(7).trim();
                } else if (line.startsWith("data: ") && "deployment".equals(type)) {
                    onDeployment.accept(JSON.readValue(line.substring(6), Messages.DeploymentEvent.class));
                    type = null;
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
