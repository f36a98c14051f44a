package org.sciloop.core.trace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A person's own Ed25519 key, distinct from the machine key that signs checkpoints: what a person decided is
 * signed by them. Kept like the machine's ({@link TraceSigner#inDirectory}), one folder per person.
 */
public final class PersonalKey {
    private final String person;
    private final TraceSigner signer;

    private PersonalKey(String person, TraceSigner signer) {
        this.person = person;
        this.signer = signer;
    }

    /** {@code person}'s key in {@code folder}, made there on first use. */
    public static PersonalKey of(String person, Path folder) {
        return new PersonalKey(person, TraceSigner.inDirectory(folder));
    }

    /** A key that lives as long as the process: for tests. */
    public static PersonalKey ephemeral(String person) {
        return new PersonalKey(person, TraceSigner.ephemeral());
    }

    public String person() {
        return person;
    }

    public String publicKey() {
        return signer.publicKey();
    }

    /** This person's signature, meaning {@code meaning}, of the line {@code signed} of a trace. */
    public TraceEvent.PersonSigned sign(TraceRecord signed, String meaning, Instant now) {
        String at = now.toString();
        return new TraceEvent.PersonSigned(person, meaning, signed.seq(), signed.hash(), at, publicKey(),
                signer.sign(message(signed.campaign(), person, meaning, signed.seq(), signed.hash(), at)));
    }

    /**
     * Whether {@code s} is a valid signature by its key of the line it names, which in campaign
     * {@code campaign} has the hash {@code lineHash} now.
     */
    public static boolean verifies(TraceEvent.PersonSigned s, String campaign, String lineHash) {
        return lineHash.equals(s.lineHash()) && TraceSigner.verify(s.publicKey(), message(campaign, s.person(),
                s.meaning(), s.line(), s.lineHash(), s.signedAt()), s.signature());
    }

    /** What a person signs: the campaign, the line and its hash, who, what it means, when. */
    static byte[] message(String campaign, String person, String meaning, long line, String lineHash, String at) {
        return ("sciloop-person-signature\n" + campaign + "\n" + line + "\n" + lineHash + "\n" + person + "\n"
                + meaning + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }
}
