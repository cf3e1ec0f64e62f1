package io.capstan.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the agent is told at start. Build with {@link #builder(Path)}; every field but the state
 * directory has a default.
 *
 * @param bindHost address to listen on (default {@code 127.0.0.1})
 * @param port TCP port (default 7417; 0 picks a free one)
 * @param stateDir where the token, agent id and job history live
 * @param token operator-supplied token, or null to use (or create) {@code <stateDir>/agent.token}
 * @param allowedHosts extra names accepted in the {@code Host} header (with or without port)
 * @param insecureBind allow a non-loopback bind without TLS (loudly logged)
 * @param agentName the name shown in {@code /info} (default: the host's name)
 * @param maxStreams open streams before 503 (default 256)
 * @param maxBodyBytes request body limit (default 64 KiB)
 * @param lineMaxBytes longest line kept whole (default 64 KiB)
 * @param headLines lines in a job's first output file (default 1,000): the head the disk bound never drops
 * @param tailLines a job's newest lines cached in memory (default 10,000; also at most 8 MiB); older lines are read
 *     from its files
 * @param serviceLogLines lines kept per service log (default 10,000)
 * @param eventRetention events kept for resumption (default 10,000)
 * @param actionTimeout an action is failed after this long (default 10 min)
 * @param cancelGrace how long a canceled or timed-out action may take to stop before the job ends anyway
 * @param pingInterval SSE comment interval when idle (default 500 ms: a dropped client is noticed within two intervals)
 * @param jobHistory finished jobs kept at least (default 500)
 * @param jobHistoryAge finished jobs younger than this are kept (default 7 days)
 * @param keystore PKCS12 or JKS keystore to serve HTTPS with, or null for plain HTTP
 * @param keystorePassword the keystore's (and key's) password
 * @param jobOutputLimit bytes of one job's output kept on disk: the first lines and the newest, the middle dropped
 *     (default 1 GiB, at least 1 MiB)
 * @param certificateFile PEM certificate (chain) to serve HTTPS with, with {@code keyFile}; or null
 * @param keyFile PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted) of {@code certificateFile}
 * @param generateCertificate serve HTTPS with a certificate the agent creates in its state folder on first start
 * @param certificateCheck how often the certificate files are checked for a renewal (default 2 s)
 * @param resourceInterval how often each running service's CPU and memory are sampled (default 5 s, at least 100 ms)
 * @param maxConnections open HTTP connections kept (default: twice {@code maxStreams}, at least 64); past it the one
 *     waiting longest for a request is closed (decision record 116)
 * @param requestHeadTimeout how long a connection may take to send a request's head (default 10 s): slow clients
 *     (slowloris) are closed after it
 */
public record AgentConfig(String bindHost, int port, Path stateDir, String token, List<String> allowedHosts,
                          boolean insecureBind, String agentName, int maxStreams, int maxBodyBytes,
                          int lineMaxBytes, int headLines, int tailLines, int serviceLogLines, int eventRetention,
                          Duration actionTimeout, Duration cancelGrace, Duration pingInterval, int jobHistory,
                          Duration jobHistoryAge, Path keystore, String keystorePassword, long jobOutputLimit,
                          Path certificateFile, Path keyFile, boolean generateCertificate, Duration certificateCheck,
                          Duration resourceInterval, int maxConnections, Duration requestHeadTimeout) {

    public static final int DEFAULT_PORT = 7417;
    /** One job's output on disk, by default. */
    public static final long DEFAULT_JOB_OUTPUT_LIMIT = 1L << 30;
    /** The smallest per-job output limit accepted (smaller values are raised to it). */
    public static final long MIN_JOB_OUTPUT_LIMIT = 1L << 20;
    /** How often services' CPU and memory are sampled, by default. */
    public static final Duration DEFAULT_RESOURCE_INTERVAL = Duration.ofSeconds(5);
    /** The shortest sampling interval accepted (tests use it; shorter would measure mostly the sampler). */
    public static final Duration MIN_RESOURCE_INTERVAL = Duration.ofMillis(100);
    /** How long a client may take to send a request's head, by default. */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);

    public AgentConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        bindHost = bindHost == null ? "127.0.0.1" : bindHost;
        jobOutputLimit = Math.max(MIN_JOB_OUTPUT_LIMIT, jobOutputLimit);
        certificateCheck = certificateCheck == null ? Duration.ofSeconds(2) : certificateCheck;
        resourceInterval = resourceInterval == null ? DEFAULT_RESOURCE_INTERVAL
                : resourceInterval.compareTo(MIN_RESOURCE_INTERVAL) < 0 ? MIN_RESOURCE_INTERVAL : resourceInterval;
        maxConnections = maxConnections > 0 ? maxConnections : Math.max(64, 2 * maxStreams);
        requestHeadTimeout = requestHeadTimeout == null ? DEFAULT_REQUEST_HEAD_TIMEOUT : requestHeadTimeout;
        if ((certificateFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a PEM certificate needs its key, and a key its certificate");
        }
        int sources = (keystore != null ? 1 : 0) + (certificateFile != null ? 1 : 0) + (generateCertificate ? 1 : 0);
        if (sources > 1) throw new IllegalArgumentException("one certificate source at a time: a keystore, PEM files, or generated");
    }

    /** True when the agent serves HTTPS. */
    public boolean tls() {
        return keystore != null || certificateFile != null || generateCertificate;
    }

    public static Builder builder(Path stateDir) {
        return new Builder(stateDir);
    }

    /** Fluent builder with the protocol's defaults. */
    public static final class Builder {
        private final Path stateDir;
        private String bindHost = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String token;
        private List<String> allowedHosts = List.of();
        private boolean insecureBind;
        private String agentName;
        private int maxStreams = 256;
        private int maxBodyBytes = 64 * 1024;
        private int lineMaxBytes = 64 * 1024;
        private int headLines = 1_000;
        private int tailLines = 10_000;
        private int serviceLogLines = 10_000;
        private int eventRetention = 10_000;
        private Duration actionTimeout = Duration.ofMinutes(10);
        private Duration cancelGrace = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofMillis(500);
        private int jobHistory = 500;
        private Duration jobHistoryAge = Duration.ofDays(7);
        private Path keystore;
        private String keystorePassword;
        private long jobOutputLimit = DEFAULT_JOB_OUTPUT_LIMIT;
        private Path certificateFile;
        private Path keyFile;
        private boolean generateCertificate;
        private Duration certificateCheck;
        private Duration resourceInterval;
        private int maxConnections;
        private Duration requestHeadTimeout;

        private Builder(Path stateDir) {
            this.stateDir = stateDir;
        }

        public Builder bindHost(String v) {
            bindHost = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder token(String v) {
            token = v;
            return this;
        }

        public Builder allowedHosts(List<String> v) {
            allowedHosts = v;
            return this;
        }

        public Builder insecureBind(boolean v) {
            insecureBind = v;
            return this;
        }

        public Builder agentName(String v) {
            agentName = v;
            return this;
        }

        public Builder maxStreams(int v) {
            maxStreams = v;
            return this;
        }

        public Builder maxBodyBytes(int v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder lineMaxBytes(int v) {
            lineMaxBytes = v;
            return this;
        }

        public Builder headLines(int v) {
            headLines = v;
            return this;
        }

        public Builder tailLines(int v) {
            tailLines = v;
            return this;
        }

        public Builder serviceLogLines(int v) {
            serviceLogLines = v;
            return this;
        }

        public Builder eventRetention(int v) {
            eventRetention = v;
            return this;
        }

        public Builder actionTimeout(Duration v) {
            actionTimeout = v;
            return this;
        }

        public Builder cancelGrace(Duration v) {
            cancelGrace = v;
            return this;
        }

        public Builder pingInterval(Duration v) {
            pingInterval = v;
            return this;
        }

        public Builder jobHistory(int v) {
            jobHistory = v;
            return this;
        }

        public Builder jobHistoryAge(Duration v) {
            jobHistoryAge = v;
            return this;
        }

        /** Bytes of one job's output kept on disk (head and tail; the middle is dropped). */
        public Builder jobOutputLimit(long bytes) {
            jobOutputLimit = bytes;
            return this;
        }

        /** Serve HTTPS with this keystore (PKCS12 or JKS); the password opens both store and key. */
        public Builder tls(Path store, String password) {
            keystore = store;
            keystorePassword = password;
            return this;
        }

        /** Serve HTTPS with this PEM certificate (chain first: the server's own certificate) and its PEM key. */
        public Builder tlsPem(Path certificate, Path key) {
            certificateFile = certificate;
            keyFile = key;
            return this;
        }

        /** Serve HTTPS with a certificate the agent generates on first start and keeps in its state folder. */
        public Builder tlsGenerated() {
            generateCertificate = true;
            return this;
        }

        /** How often the certificate files are looked at for a renewal. */
        public Builder certificateCheck(Duration v) {
            certificateCheck = v;
            return this;
        }

        /** How often each running service's CPU and memory are sampled. */
        public Builder resourceInterval(Duration v) {
            resourceInterval = v;
            return this;
        }

        /** Open HTTP connections kept; past it the one waiting longest for a request is closed. */
        public Builder maxConnections(int v) {
            maxConnections = v;
            return this;
        }

        /** How long a connection may take to send a request's head before it is closed. */
        public Builder requestHeadTimeout(Duration v) {
            requestHeadTimeout = v;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(bindHost, port, stateDir, token, allowedHosts, insecureBind, agentName, maxStreams,
                    maxBodyBytes, lineMaxBytes, headLines, tailLines, serviceLogLines, eventRetention, actionTimeout,
                    cancelGrace, pingInterval, jobHistory, jobHistoryAge, keystore, keystorePassword, jobOutputLimit,
                    certificateFile, keyFile, generateCertificate, certificateCheck, resourceInterval, maxConnections,
                    requestHeadTimeout);
        }
    }
}
