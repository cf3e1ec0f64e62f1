package io.capstan.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operator's PEM certificate chain and private key, read with the JDK alone (it parses PEM certificates but not
 * PEM keys). Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}, what certbot and OpenSSL 3 write), PKCS#1 RSA and SEC1 EC
 * (older OpenSSL), each re-wrapped as PKCS#8 for {@link KeyFactory}. An encrypted key is refused with the command
 * that decrypts it: the agent starts unattended, so there is nobody to ask for a passphrase.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    /** AlgorithmIdentifier rsaEncryption, NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** OID id-ecPublicKey. */
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemFiles() {
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        List<Certificate> chain = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)));
        if (chain.isEmpty()) throw new GeneralSecurityException("no certificate in " + file);
        return chain;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            String kind = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
            switch (kind) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(0, sequence(RSA_ALGORITHM), der), file);
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(0, sequence(concat(EC_OID, ecCurve(der, file))), der), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("the key in " + file + " is encrypted; the agent starts unattended, so "
                            + "give it the key unencrypted in an owner-only file: openssl pkey -in KEY -out KEY.plain");
                default:
                    // An EC PARAMETERS block before the key, or anything else: look further.
            }
        }
        throw new GeneralSecurityException("no private key in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new GeneralSecurityException("the key in " + file + " is neither RSA, EC nor Ed25519");
    }

    /** The curve OID inside a SEC1 key: {@code SEQUENCE {INTEGER 1, OCTET STRING, [0] {OID}, [1] ...}}. */
    private static byte[] ecCurve(byte[] sec1, Path file) throws GeneralSecurityException {
        int[] pos = {0};
        expect(sec1, pos, 0x30);
        length(sec1, pos);
        while (pos[0] < sec1.length) {
            int tag = sec1[pos[0]++] & 0xff;
            int len = length(sec1, pos);
            if (tag == 0xa0) return java.util.Arrays.copyOfRange(sec1, pos[0], pos[0] + len);
            pos[0] += len;
        }
        throw new GeneralSecurityException("the EC key in " + file + " does not name its curve");
    }

    private static void expect(byte[] der, int[] pos, int tag) throws GeneralSecurityException {
        if ((der[pos[0]++] & 0xff) != tag) throw new GeneralSecurityException("malformed key");
    }

    private static int length(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) return first;
        int len = 0;
        for (int i = 0; i < (first & 0x7f); i++) len = (len << 8) | (der[pos[0]++] & 0xff);
        return len;
    }

    /** {@code SEQUENCE {INTEGER version, algorithm, OCTET STRING key}}: a PKCS#8 PrivateKeyInfo. */
    private static byte[] wrap(int version, byte[] algorithm, byte[] key) {
        return sequence(concat(new byte[] {0x02, 0x01, (byte) version}, algorithm, tlv(0x04, key)));
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
