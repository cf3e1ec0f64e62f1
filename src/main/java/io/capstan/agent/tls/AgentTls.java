package io.capstan.agent.tls;

import io.capstan.agent.AgentConfig;
import io.capstan.protocol.Fingerprints;
import io.capstan.protocol.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the agent serves and how it stays current. Its source is one of: the operator's PEM certificate and
 * key, the operator's keystore, or the certificate the agent generated ({@link GeneratedCertificate}). The files are
 * looked at every {@link AgentConfig#certificateCheck()}; when their bytes change and read as a usable certificate and
 * key, Jetty's context is reloaded with them: new handshakes get the new certificate while connections already open
 * (a log being followed) keep theirs, so a renewal needs no restart and drops no stream. A change that does not read
 * (a renewal half written, a key that does not match yet) is logged and retried on the next look; the old certificate
 * is served until then.
 */
public final class AgentTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTls.class);
    /** The folder inside the state folder where a generated certificate lives. */
    public static final String FOLDER = "tls";

    private final Source source;
    private final SslContextFactory.Server context = new SslContextFactory.Server();
    private final ScheduledExecutorService watcher;
    private volatile Loaded current;
    private byte[] digest;

    private AgentTls(Source source, Loaded first, byte[] digest, java.time.Duration check) {
        this.source = source;
        this.current = first;
        this.digest = digest;
        context.setKeyStore(first.store());
        context.setKeyManagerPassword(first.password());
        context.setCertAlias(first.alias());
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-tls-watch");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(10, check.toMillis());
        watcher.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The agent's TLS, or null when it serves plain HTTP. */
    public static AgentTls open(AgentConfig config) {
        if (!config.tls()) return null;
        Source source;
        if (config.certificateFile() != null) {
            source = new PemSource(config.certificateFile(), config.keyFile());
        } else if (config.keystore() != null) {
            source = new KeystoreSource(new GeneratedCertificate.KeystoreFile(config.keystore(), config.keystorePassword()));
        } else {
            source = new KeystoreSource(GeneratedCertificate.ensure(config.stateDir().resolve(FOLDER), config.bindHost(),
                    config.allowedHosts()));
        }
        try {
            byte[] digest = source.digest();
            return new AgentTls(source, source.load(), digest, config.certificateCheck());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot serve TLS: " + e.getMessage(), e);
        }
    }

    /** Jetty's context, for the HTTPS connector. */
    public SslContextFactory.Server context() {
        return context;
    }

    /** What {@code /info} says about the certificate served now. */
    public Messages.Tls info() {
        X509Certificate c = current.leaf();
        return new Messages.Tls(Fingerprints.sha256(c), c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant());
    }

    /** The generated certificate's file, for the operator (null when the operator gave the certificate). */
    public Path certificateFile() {
        return source instanceof KeystoreSource k && k.file().path().getParent().getFileName().toString().equals(FOLDER)
                ? k.file().path().resolveSibling("agent.crt") : null;
    }

    private void check() {
        try {
            byte[] now = source.digest();
            if (MessageDigest.isEqual(now, digest)) return;
            Loaded next = source.load();
            context.reload(f -> {
                f.setKeyStore(next.store());
                f.setKeyManagerPassword(next.password());
                f.setCertAlias(next.alias());
            });
            current = next;
            digest = now;
            LOG.info("TLS certificate reloaded: SHA-256 {}", Fingerprints.sha256(next.leaf()));
        } catch (Exception e) {
            // Most often a renewal caught between its two files: the next look sees both.
            LOG.warn("TLS certificate files changed but cannot be used yet ({}); still serving SHA-256 {}", e.getMessage(),
                    Fingerprints.sha256(current.leaf()));
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    /** A key store ready for Jetty, its key password, the alias to serve and that alias's certificate. */
    record Loaded(KeyStore store, String password, String alias, X509Certificate leaf) {
    }

    private interface Source {
        /** A digest of the files' bytes, cheap enough to take every few seconds. */
        byte[] digest() throws IOException, GeneralSecurityException;

        Loaded load() throws IOException, GeneralSecurityException;
    }

    private record PemSource(Path certificate, Path key) implements Source {
        @Override
        public byte[] digest() throws IOException, GeneralSecurityException {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(certificate));
            md.update(Files.readAllBytes(key));
            return md.digest();
        }

        @Override
        public Loaded load() throws IOException, GeneralSecurityException {
            List<Certificate> chain = PemFiles.certificates(certificate);
            PrivateKey pk = PemFiles.privateKey(key);
            checkPair(chain.get(0), pk);
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random); // the store only lives in memory
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(GeneratedCertificate.ALIAS, pk, password.toCharArray(), new ArrayList<>(chain).toArray(new Certificate[0]));
            return new Loaded(ks, password, GeneratedCertificate.ALIAS, (X509Certificate) chain.get(0));
        }

        /** A key that does not match its certificate would fail every handshake: refuse it while the old one still works. */
        private void checkPair(Certificate cert, PrivateKey pk) throws GeneralSecurityException {
            String alg = pk.getAlgorithm().equals("EC") ? "SHA256withECDSA" : pk.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519";
            java.security.Signature s = java.security.Signature.getInstance(alg);
            byte[] probe = {1, 2, 3};
            s.initSign(pk);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            if (!s.verify(sig)) {
                throw new GeneralSecurityException("the key in " + key + " does not belong to the certificate in " + certificate);
            }
        }
    }

    private record KeystoreSource(GeneratedCertificate.KeystoreFile file) implements Source {
        @Override
        public byte[] digest() throws IOException, GeneralSecurityException {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file.path()));
        }

        @Override
        public Loaded load() throws IOException, GeneralSecurityException {
            KeyStore ks = file.load();
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return new Loaded(ks, file.password(), alias, (X509Certificate) ks.getCertificate(alias));
                }
            }
            throw new GeneralSecurityException("no key in " + file.path());
        }
    }
}
