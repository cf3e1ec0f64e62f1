package io.capstan.agent.tls;

import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate {@code capstan agent --tls} makes for itself on first start: an EC P-256 key, self-signed, valid ten
 * years (clients pin it, so its expiry protects nothing and would only break them), with subject alternative names for
 * the bound address, this host's names and addresses and every {@code --allow-host}, so a client that trusts it by
 * file (rather than by pin) can check the name too. Made by the runtime's own {@code keytool}, run as an argument
 * vector (decision record 70), into {@code <state>/tls/agent.p12}, owner-only, its password beside it; the public
 * certificate is also written as {@code agent.crt} for operators who want to add it to a trust store. Reused on later
 * starts while it still names every wanted host; made anew (a new fingerprint, logged loudly) when a name is missing.
 */
final class GeneratedCertificate {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedCertificate.class);
    static final String ALIAS = "capstan";
    private static final java.util.regex.Pattern HOST_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    private GeneratedCertificate() {
    }

    /** The keystore to serve with: the one already in {@code folder} if it covers {@code names}, else a new one. */
    static KeystoreFile ensure(Path folder, String bindHost, List<String> allowedHosts) {
        Set<String> names = names(bindHost, allowedHosts);
        OwnerOnly.folder(folder);
        Path store = folder.resolve("agent.p12");
        Path passwordFile = folder.resolve("agent.p12.password");
        try {
            if (Files.isRegularFile(store) && Files.isRegularFile(passwordFile)) {
                KeystoreFile existing = new KeystoreFile(store, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
                Set<String> missing = missing(existing, names);
                if (missing.isEmpty()) return existing;
                LOG.warn("!!! the agent's generated certificate does not name {}: making a new one; clients that pinned the old "
                        + "one will refuse it until their users accept the new fingerprint !!!", missing);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = folder.resolve("agent.p12.new");
            Files.deleteIfExists(tmp);
            keytool(tmp, password, names);
            Files.deleteIfExists(passwordFile);
            OwnerOnly.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, store, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            OwnerOnly.filesIn(folder);
            KeystoreFile made = new KeystoreFile(store, password);
            Files.writeString(folder.resolve("agent.crt"), pem(made.certificate()), StandardCharsets.US_ASCII);
            LOG.info("generated a TLS certificate for {} in {}", names, store);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the agent's certificate in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the agent's certificate in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(Path store, String password, Set<String> names) throws IOException {
        String exe = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool").toString();
        List<String> san = new ArrayList<>();
        for (String n : names) san.add((isAddress(n) ? "ip:" : "dns:") + n);
        String cn = names.stream().filter(n -> !isAddress(n) && !n.equals("localhost")).findFirst().orElse("localhost");
        ProcessBuilder pb = new ProcessBuilder(exe, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=" + cn + ", O=Capstan agent", "-ext", "SAN=" + String.join(",", san),
                "-ext", "EKU=serverAuth", "-validity", "3650", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass:env", "CAPSTAN_KS_PASS", "-keypass:env", "CAPSTAN_KS_PASS").redirectErrorStream(true);
        pb.environment().put("CAPSTAN_KS_PASS", password); // not in argv, where ps would show it
        Process p = pb.start();
        byte[] output;
        try (InputStream in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the certificate", e);
        }
    }

    /** The bound address (unless a wildcard), localhost, this host's names and addresses, every allowed host. */
    static Set<String> names(String bindHost, List<String> allowedHosts) {
        Set<String> names = new LinkedHashSet<>();
        boolean wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]");
        if (!wildcard) names.add(strip(bindHost));
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a host without a resolvable name: its addresses still go in below
        }
        if (wildcard) {
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                        if (!a.isLinkLocalAddress()) names.add(strip(a.getHostAddress()));
                    }
                }
            } catch (SocketException e) {
                LOG.warn("cannot list this host's addresses for the certificate: {}", e.getMessage());
            }
        }
        for (String h : allowedHosts) names.add(strip(h));
        Set<String> valid = new LinkedHashSet<>();
        for (String n : names) {
            // A comma would add a name of its own to keytool's SAN list: only plain names and address literals go in.
            if (isAddress(n) || HOST_NAME.matcher(n).matches()) valid.add(n.toLowerCase(Locale.ROOT));
        }
        return valid;
    }

    private static String strip(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int zone = h.indexOf('%');
        return zone >= 0 ? h.substring(0, zone) : h;
    }

    static boolean isAddress(String n) {
        return n.matches("[0-9.]+") && n.chars().filter(c -> c == '.').count() == 3 || n.matches("[0-9a-fA-F:]+") && n.contains(":");
    }

    private static Set<String> missing(KeystoreFile existing, Set<String> names) throws IOException, GeneralSecurityException {
        Set<String> missing = new LinkedHashSet<>();
        for (String n : names) missing.add(canonical(n));
        Collection<List<?>> sans = existing.certificate().getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) missing.remove(canonical(String.valueOf(san.get(1))));
        }
        return missing;
    }

    /** Names in lower case; address literals in the JDK's one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike). */
    private static String canonical(String n) {
        if (!isAddress(n)) return n.toLowerCase(Locale.ROOT);
        try {
            return InetAddress.getByName(n).getHostAddress(); // a literal: no name is looked up
        } catch (UnknownHostException e) {
            return n;
        }
    }

    private static String pem(X509Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    /** A PKCS#12 file and its password. */
    record KeystoreFile(Path path, String password) {
        KeyStore load() throws IOException, GeneralSecurityException {
            KeyStore ks = KeyStore.getInstance(path.getFileName().toString().endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                ks.load(in, password.toCharArray());
            }
            return ks;
        }

        X509Certificate certificate() throws IOException, GeneralSecurityException {
            KeyStore ks = load();
            return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
        }
    }
}
