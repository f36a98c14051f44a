package org.sciloop.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.sciloop.core.InputException;

/**
 * HTTPS with a given certificate: a PEM certificate chain (the site's certificate first, as certbot's
 * {@code fullchain.pem}) and its PEM private key (PKCS #8, {@code BEGIN PRIVATE KEY}, as certbot and {@code
 * openssl genpkey} write it). Both are read and matched at start, so a wrong file stops the service with its
 * name, not the first browser.
 */
final class Tls {
    private static final char[] IN_MEMORY = "sciloop".toCharArray();

    private Tls() {
    }

    static SslContextFactory.Server context(Path certificate, Path key) {
        List<? extends Certificate> chain = certificates(certificate);
        PrivateKey privateKey = privateKey(key, chain.get(0).getPublicKey().getAlgorithm());
        try {
            if (!matches(privateKey, chain.get(0).getPublicKey())) {
                throw new InputException("--tls-key " + key + " is not the key of the certificate in --tls-cert "
                        + certificate);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("sciloop", privateKey, IN_MEMORY, chain.toArray(Certificate[]::new));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(store);
            ssl.setKeyStorePassword(new String(IN_MEMORY));
            ssl.setKeyManagerPassword(new String(IN_MEMORY));
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new InputException("--tls-key " + key + " does not go with --tls-cert " + certificate + ": "
                    + e.getMessage());
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey certified) throws GeneralSecurityException {
        String algorithm = switch (certified.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> certified.getAlgorithm();
        };
        byte[] probe = "sciloop".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certified);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static List<? extends Certificate> certificates(Path file) {
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
            if (chain.isEmpty()) {
                throw new InputException("--tls-cert " + file + ": no certificate in it (expected PEM, BEGIN"
                        + " CERTIFICATE)");
            }
            return chain;
        } catch (IOException e) {
            throw new InputException("--tls-cert " + file + ": cannot read it: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new InputException("--tls-cert " + file + ": not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InputException("--tls-key " + file + ": cannot read it: " + e.getMessage());
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new InputException("--tls-key " + file + ": an old-style (PKCS #1 / SEC 1) key; convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new InputException("--tls-key " + file + ": the key is encrypted; give it unencrypted (readable"
                    + " only by the service's user): 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new InputException("--tls-key " + file + ": no PEM private key in it (expected BEGIN PRIVATE KEY)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InputException("--tls-key " + file + ": not a " + algorithm + " private key for this"
                    + " certificate: " + e.getMessage());
        }
    }
}
