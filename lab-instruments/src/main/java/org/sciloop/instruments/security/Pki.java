package org.sciloop.instruments.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.IoReason;

/**
 * One application's OPC UA certificates in a folder, laid out as operators know it from other OPC UA
 * tools: {@code own/identity.p12} (this application's key and self-signed certificate, made on first
 * use, readable by its owner only), {@code trusted/certs} (peers it trusts), {@code rejected/certs}
 * (peers it turned away: move one into {@code trusted/certs} to trust it).
 */
public final class Pki {
    // The key file is protected by its permissions, as an ssh key is; the store password is only a formality.
    private static final char[] STORE_PASSWORD = "sciloop".toCharArray();
    private static final String ALIAS = "identity";

    private final Path folder;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private Pki(Path folder, KeyPair keyPair, X509Certificate certificate) {
        this.folder = folder;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** sciloop's own client identity for this user, in {@code <config dir>/opcua-pki}; instruments must trust it. */
    public static Pki ofThisUser() {
        return open(ConfigDirectory.path().resolve("opcua-pki"), "urn:sciloop:client", "sciloop");
    }

    /** Opens the folder, making the identity (application URI {@code applicationUri}) if there is none yet. */
    public static synchronized Pki open(Path folder, String applicationUri, String commonName) {
        try {
            Files.createDirectories(folder.resolve("own"));
            Files.createDirectories(folder.resolve("trusted").resolve("certs"));
            Files.createDirectories(folder.resolve("rejected").resolve("certs"));
            Path store = folder.resolve("own").resolve("identity.p12");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            if (Files.exists(store)) {
                try (InputStream in = Files.newInputStream(store)) {
                    keys.load(in, STORE_PASSWORD);
                }
            } else {
                keys.load(null, STORE_PASSWORD);
                KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                X509Certificate cert = new SelfSignedCertificateBuilder(pair)
                        .setCommonName(commonName)
                        .setOrganization("sciloop")
                        .setApplicationUri(applicationUri)
                        .addDnsName("localhost")
                        .addDnsName(InetAddress.getLocalHost().getHostName())
                        .addIpAddress("127.0.0.1")
                        .build();
                keys.setKeyEntry(ALIAS, pair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {cert});
                Path partial = store.resolveSibling("identity.p12.partial");
                try (OutputStream out = Files.newOutputStream(partial)) {
                    keys.store(out, STORE_PASSWORD);
                }
                try {
                    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's ACL is what protects it.
                }
                Files.move(partial, store);
            }
            X509Certificate cert = (X509Certificate) keys.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, STORE_PASSWORD);
            return new Pki(folder, new KeyPair(cert.getPublicKey(), key), cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the certificate folder " + folder + ": " + IoReason.of(e), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make or read the certificate in " + folder + ": " + e, e);
        }
    }

    public Path folder() {
        return folder;
    }

    public Path trustedCerts() {
        return folder.resolve("trusted").resolve("certs");
    }

    public Path rejectedCerts() {
        return folder.resolve("rejected").resolve("certs");
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The application URI written into this identity's certificate. */
    public String applicationUri() {
        try {
            return org.eclipse.milo.opcua.stack.core.util.CertificateUtil.getSanUri(certificate).orElseThrow();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the certificate in " + folder + " names no application URI");
        }
    }

    /** The trust list: certificates in {@code trusted/certs}, read again when the folder changes. */
    public FileBasedTrustListManager trustList() {
        try {
            return FileBasedTrustListManager.createAndInitialize(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where certificates that were turned away are put, for an operator to review. */
    public FileBasedCertificateQuarantine quarantine() {
        try {
            return FileBasedCertificateQuarantine.create(rejectedCerts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file in {@code rejected/certs} that holds {@code certificate} (DER), if this side turned it away. */
    public Optional<Path> rejectedFile(byte[] certificate) {
        try (Stream<Path> files = Files.list(rejectedCerts())) {
            return files.filter(f -> {
                try {
                    return Arrays.equals(Files.readAllBytes(f), certificate);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Trusts {@code peer} from now on (writes it to {@code trusted/certs}). */
    public void trust(X509Certificate peer) {
        FileBasedTrustListManager list = trustList();
        list.addTrustedCertificate(peer);
        try {
            list.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
