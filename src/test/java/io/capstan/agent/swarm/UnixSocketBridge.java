package io.capstan.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A loopback TCP port that forwards to the engine's unix socket, so the test FaultProxy (TCP to TCP) can sit between
 * an agent and the engine and cut their connections. Two daemon threads per connection.
 */
final class UnixSocketBridge implements AutoCloseable {
    private final ServerSocketChannel server;
    private final UnixDomainSocketAddress socket;

    UnixSocketBridge(Path socketFile) throws IOException {
        this.socket = UnixDomainSocketAddress.of(socketFile);
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon(this::accept, "unix-bridge-accept");
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel tcp = server.accept();
                SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX);
                unix.connect(socket);
                daemon(() -> pump(tcp, unix), "unix-bridge-up");
                daemon(() -> pump(unix, tcp), "unix-bridge-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies until either side ends, then closes both: a cut on one side is a cut on the other. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(16384);
        try (from; to) {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
        } catch (IOException e) {
            // The other pump closed the pair, or the peer reset it: either way this link is over.
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
