package io.capstan.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Real certificates for tests, made with the JDK's own {@code keytool} (an argument vector, as the agent does): a PKCS12
 * store, and the same certificate and key as PEM files, the shape an operator's renewal tool leaves behind.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A certificate for {@code localhost}/{@code 127.0.0.1} and its key, as PEM files and a PKCS12 store. */
    public record Made(Path keystore, String password, Path certificatePem, Path keyPem, X509Certificate certificate) {
    }

    public static Made selfSigned(Path dir, String name) throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(dir);
        Path ks = dir.resolve(name + ".p12");
        Files.deleteIfExists(ks);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "capstan", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new IOException("keytool: " + new String(out, StandardCharsets.UTF_8));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate("capstan");
        PrivateKey key = (PrivateKey) store.getKey("capstan", "changeit".toCharArray());
        Path certPem = dir.resolve(name + ".crt");
        Path keyPem = dir.resolve(name + ".key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Made(ks, "changeit", certPem, keyPem, cert);
    }

    /** Puts {@code next}'s PEM files where {@code live}'s are, each by an atomic move, the key first (as certbot's links do). */
    public static void renew(Made live, Made next) throws IOException {
        Files.copy(next.keyPem(), live.keyPem().resolveSibling("key.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(live.keyPem().resolveSibling("key.tmp"), live.keyPem(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.certificatePem(), live.certificatePem().resolveSibling("crt.tmp"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(live.certificatePem().resolveSibling("crt.tmp"), live.certificatePem(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    public static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }
}
