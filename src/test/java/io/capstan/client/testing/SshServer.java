package io.capstan.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSSH server (Debian's openssh-server, installed by {@code .ci/run}) on a loopback port, with a host key and
 * a user key made for the test, and the client side to match: an {@code ssh} config file naming the key and a
 * known-hosts file that holds exactly this server's key ({@code StrictHostKeyChecking yes}), so the tunnel under test
 * runs the system's {@code ssh} as a user's would, without touching anyone's real {@code ~/.ssh}.
 */
public final class SshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process sshd;
    private final Path clientConfig;

    private SshServer(Path dir, int port, Process sshd, Path clientConfig) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
        this.clientConfig = clientConfig;
    }

    /** Starts one; the test is skipped with the reason when this machine has no sshd (.ci/run installs it). */
    public static SshServer start(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(SSHD), "no " + SSHD + ": apt-get install openssh-server (.ci/run does)");
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("id_ed25519"));
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(dir.resolve("id_ed25519.pub"), authorized);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        if (isRoot()) Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation folder, as its service makes it
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorized,
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "AllowTcpForwarding yes",
                "PermitOpen any",
                "ClientAliveInterval 5",
                "LogLevel INFO",
                ""));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        String hostKey = Files.readString(dir.resolve("host_key.pub")).trim();
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        Path clientConfig = dir.resolve("ssh_config");
        Files.writeString(clientConfig, String.join("\n",
                "Host *",
                "  IdentityFile " + dir.resolve("id_ed25519"),
                "  IdentitiesOnly yes",
                "  UserKnownHostsFile " + dir.resolve("known_hosts"),
                "  GlobalKnownHostsFile /dev/null",
                "  StrictHostKeyChecking yes",
                "  UpdateHostKeys no",
                "  LogLevel ERROR",
                ""));
        SshServer server = new SshServer(dir, port, sshd, clientConfig);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!sshd.isAlive()) throw new IllegalStateException("sshd exited: " + server.log());
                return accepts(port);
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void keygen(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "capstan-test", "-f", file.toString())
                .redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            byte[] out = in.readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ssh-keygen failed: " + new String(out, StandardCharsets.UTF_8));
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code user@127.0.0.1}: this user, on this server. */
    public String destination() {
        return System.getProperty("user.name") + "@127.0.0.1";
    }

    /** The {@code ssh} program with this server's client config. */
    public List<String> sshCommand() {
        return List.of("ssh", "-F", clientConfig.toString());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops the server; with it every session it serves ends, and so does every tunnel through it. */
    public void stop() throws InterruptedException {
        // Its per-connection children outlive the listener otherwise: taken before it goes, while they are its own.
        List<ProcessHandle> sessions = sshd.descendants().toList();
        sshd.destroy();
        sessions.forEach(ProcessHandle::destroy);
        if (!sshd.waitFor(10, TimeUnit.SECONDS)) sshd.destroyForcibly();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
