package org.sciloop.core.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.sciloop.core.InputException;

/**
 * Signs trace checkpoints with Ed25519. The public key travels in the trace (base64 of its X.509
 * encoding); a verifier that pins it knows the checkpoints came from the holder of the private key, so a
 * forger who edits lines and recomputes the hash chain cannot make the signatures match again.
 */
public final class TraceSigner {
    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_FILE = "trace-signing.key";
    /** The public key's file in a configuration directory. */
    public static final String PUBLIC_FILE = "trace-signing.pub";

    private final PrivateKey privateKey;
    private final String publicKey;

    private TraceSigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** A key that lives as long as this object: for benchmarks and tests whose traces nobody keeps. */
    public static TraceSigner ephemeral() {
        try {
            return new TraceSigner(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /**
     * The key kept in {@code directory}, made there on first use (private key readable by its owner
     * only). Two processes making it at once agree on one key: the loser of the race loads the winner's.
     */
    public static TraceSigner inDirectory(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InputException(directory + " is a file, not a folder: the trace signing key is kept in a"
                    + " folder (set SCILOOP_CONFIG_HOME to one, or leave it unset for ~/.config/sciloop)");
        }
        Path privateFile = directory.resolve(PRIVATE_FILE);
        try {
            if (!Files.exists(privateFile)) {
                create(directory, privateFile);
            }
            byte[] encoded = Base64.getMimeDecoder().decode(Files.readString(privateFile).trim());
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(encoded));
            PublicKey pub = decodePublic(Files.readString(directory.resolve(PUBLIC_FILE)).trim());
            TraceSigner signer = new TraceSigner(new KeyPair(pub, key));
            // A public file that does not match the private key would put a wrong key in every trace header.
            byte[] probe = "sciloop-key-check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(signer.publicKey(), probe, signer.sign(probe))) {
                throw new InputException("the trace signing key in " + directory + " does not match " + PUBLIC_FILE
                        + "; restore the pair, or move both files away and a new key will be made");
            }
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the trace signing key in " + directory, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InputException("the trace signing key in " + directory + " is damaged (" + e.getMessage()
                    + "); move " + PRIVATE_FILE + " and " + PUBLIC_FILE + " away and a new key will be made");
        }
    }

    /** The public key of the key kept in {@code directory}, if one was ever made there; makes nothing. */
    public static Optional<String> publicKeyIn(Path directory) {
        Path file = directory.resolve(PUBLIC_FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Under a file lock, so two processes starting at once end up with one key, not two half-pairs. */
    private static synchronized void create(Path directory, Path privateFile)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        try (FileChannel lockFile = FileChannel.open(directory.resolve(".trace-signing.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (Files.exists(privateFile)) {
                return;
            }
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Files.writeString(directory.resolve(PUBLIC_FILE),
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
            Path tmp = directory.resolve(PRIVATE_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            ownerOnly(tmp);  // before the key is written into it
            Files.writeString(tmp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
            Files.move(tmp, privateFile, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already.
        }
    }

    /** Base64 of the X.509 encoding, as written in the trace header. */
    public String publicKey() {
        return publicKey;
    }

    /** The signature of a checkpoint whose signed message is {@code message} (see the two formats below). */
    String sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Whether {@code signature} is {@code publicKey}'s signature of {@code message}; false for malformed input. */
    static boolean verify(String publicKey, byte[] message, String signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(decodePublic(publicKey));
            s.update(message);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * What a checkpoint of format 3 signs: its own line (everything before it through the previous line's
     * hash, and its own time, actor and fields), as {@link TraceCodec#signedContent} gives it.
     */
    static byte[] message(byte[] signedContent) {
        byte[] prefix = "sciloop-trace-checkpoint-3\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(prefix, prefix.length + signedContent.length);
        System.arraycopy(signedContent, 0, message, prefix.length, signedContent.length);
        return message;
    }

    /**
     * What a checkpoint of format 2 signs: its place in the chain alone (not its own time or actor, which a
     * forger could change at the seal; read, never written any more).
     */
    static byte[] message(String campaign, long seq, String prev, boolean sealed) {
        return ("sciloop-trace-checkpoint\n" + campaign + "\n" + seq + "\n" + prev + "\n" + sealed)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A short, stable name for a public key: {@code ed25519:} and the first 16 hex digits of its SHA-256. */
    public static String fingerprint(String publicKey) {
        byte[] digest = TraceCodec.sha256().digest(publicKey.getBytes(StandardCharsets.US_ASCII));
        return "ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** Accepts the base64 X.509 form; throws IllegalArgumentException or a security exception otherwise. */
    static PublicKey decodePublic(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(base64)));
    }

    /** Whether the text is an Ed25519 public key in the trace's form. */
    public static boolean isPublicKey(String base64) {
        try {
            decodePublic(base64);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

}
