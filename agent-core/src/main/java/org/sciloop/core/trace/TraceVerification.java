package org.sciloop.core.trace;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Whether a trace can be believed, in full: its chain and signatures are intact ({@link TraceReader}), its
 * checkpoints were signed by keys the verifier trusts, and it ends in a seal, so nothing was cut off its end.
 * A key is trusted only when the verifier says so: the key a trace declares proves nothing by itself, since a
 * forger can rewrite the whole file with a key of their own.
 */
public final class TraceVerification {

    /** The outcome, worst first: only {@link #VERIFIED} means the trace is whole and from a trusted signer. */
    public enum Verdict {
        /** A line fails its hash, chain, sequence or signature. */
        DAMAGED,
        /** Signed by a key the verifier does not trust. */
        UNTRUSTED,
        /** Written without signatures (format 1): only the hash chain protects it. */
        UNSIGNED,
        /** Intact and signed, but lines follow the last seal: it was cut off, or its writer died. */
        UNSEALED,
        /**
         * Intact, signed and sealed, but sealed while the campaign was paused: the trace vouches for the
         * campaign up to its pause; lines written after a resume could have been cut off with no trace of it.
         */
        PAUSED,
        VERIFIED
    }

    /**
     * @param untrustedKeys the trace's signing keys the verifier does not trust
     * @param people what is wrong with the signatures people put on their results and decisions (a line changed
     *               under one, a signature copied); checked where the lines are decoded, empty otherwise
     */
    public record Result(TraceReader.Report report, Verdict verdict, List<String> untrustedKeys, List<String> people) {
        /** Intact, signed by a trusted key, sealed, and every person's signature matches what it signs. */
        public boolean verified() {
            return verdict == Verdict.VERIFIED && people.isEmpty();
        }
    }

    private TraceVerification() {
    }

    /** Checks the chain, the signatures and the seal, decoding no event: at the speed of the disk. */
    public static Result check(Path file, Collection<String> trustedKeys) {
        return judge(TraceReader.verify(file), trustedKeys);
    }

    /**
     * As {@link #check(Path, Collection)}, handing each intact line, decoded, to {@code sink} on the way (one read),
     * and checking the people's signatures among them. A line written as a person's with no signature of theirs is
     * not counted here (a tell cut off before it signed leaves one); {@code sciloop verify} says it.
     */
    public static Result check(Path file, Collection<String> trustedKeys, Consumer<TraceRecord> sink) {
        return check(file, trustedKeys, sink, new PeopleSignatures(java.util.Optional.empty()));
    }

    /** As {@link #check(Path, Collection, Consumer)}, checking the people's signatures with {@code people}. */
    public static Result check(Path file, Collection<String> trustedKeys, Consumer<TraceRecord> sink,
                               PeopleSignatures people) {
        Result result = judge(TraceReader.scan(file, sink.andThen(people::accept)), trustedKeys);
        return new Result(result.report(), result.verdict(), result.untrustedKeys(), List.copyOf(people.problems()));
    }

    private static Result judge(TraceReader.Report report, Collection<String> trustedKeys) {
        TraceReader.Signing signing = report.signing();
        List<String> untrusted = signing.keys().stream().filter(k -> !trustedKeys.contains(k)).toList();
        Verdict verdict;
        if (!report.intact()) {
            verdict = Verdict.DAMAGED;
        } else if (!untrusted.isEmpty()) {
            verdict = Verdict.UNTRUSTED;
        } else if (signing.keys().isEmpty()) {
            verdict = Verdict.UNSIGNED;
        } else if (!signing.sealed()) {
            verdict = Verdict.UNSEALED;
        } else if (report.paused()) {
            verdict = Verdict.PAUSED;
        } else {
            verdict = Verdict.VERIFIED;
        }
        return new Result(report, verdict, untrusted, List.of());
    }
}
