package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.trace.PeopleSignatures;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceVerification.Verdict;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.core.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = {
        "Check a trace: its hash chain, its signatures and signers, and its seal.",
        "Line by line: the hash chain, the signatures of its checkpoints and who signed them, and that it ends in",
        "a seal (nothing cut off its end) of a finished campaign. Exit 0 when all hold; 1 saying which does not."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceArgument trace;

    @Option(names = "--public-key", paramLabel = "KEY", description = {
            "Trust only this signing key: base64, as 'sciloop key' prints it on the machine that ran the"
                    + " campaign, or a file holding it. Repeatable. Without it, only this machine's key is trusted."})
    List<String> pinned = new ArrayList<>();

    @Option(names = "--accept-paused", description = {
            "Exit 0 for a trace sealed while its campaign was paused (it vouches for the campaign up to the"
                    + " pause); without it such a trace exits 1, since lines written after a resume could have been"
                    + " cut off."})
    boolean acceptPaused;

    @Option(names = "--people", paramLabel = "FILE", description = {
            "The people whose signatures count: lines of 'NAME KEY' (as 'sciloop key --user NAME' prints them). A"
                    + " result or decision signed by anyone else, or by another key, fails the trace."})
    Path peopleFile;

    /**
     * The public key file of the lab service ({@code sciloop serve}) whose data folder holds {@code trace}, if it is one
     * of {@code keys}: the service signs its campaigns' traces with its own key, which a shell's verify does not
     * trust until told.
     */
    private static Optional<Path> serviceKey(Path trace, List<String> keys) {
        Path file = trace.toAbsolutePath();
        for (Path folder = file.getParent(); folder != null; folder = folder.getParent()) {
            Path config = folder.resolve("config");  // a service's data folder: config/ beside campaigns/ID/run/
            Optional<String> key = file.startsWith(folder.resolve("campaigns")) && Files.isDirectory(config)
                    ? TraceSigner.publicKeyIn(config) : Optional.empty();
            if (key.isPresent() && keys.contains(key.get())) {
                return Optional.of(config.resolve(TraceSigner.PUBLIC_FILE));
            }
        }
        return Optional.empty();
    }

    @Override
    public Integer call() {
        Path file = trace.file();
        List<String> trusted = pinned.isEmpty() ? UserConfig.ownPublicKey().stream().toList()
                : pinned.stream().map(VerifyCommand::publicKey).toList();
        PeopleSignatures people = new PeopleSignatures(Optional.ofNullable(peopleFile).map(PeopleSignatures::read));
        TraceVerification.Result result = TraceVerification.check(file, trusted, r -> { }, people);
        people.finish();
        TraceReader.Report report = result.report();
        TraceReader.Signing signing = report.signing();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (result.verdict() == Verdict.DAMAGED) {
            err.printf("damaged: %s: %s%n", file, report.problem().get());
            if (report.problem().get().earlierLinesIntact()) {
                err.printf("the %d lines before it are intact%n", report.lines());
            } else {
                err.printf("none of the %d lines before it can be relied on: the signature vouches for them all%n",
                        report.lines());
            }
            return ExitCode.FAILED;
        }
        out.printf("chain: %d lines, hash chain unbroken%n", report.lines());
        if (!signing.keys().isEmpty()) {
            out.printf("signatures: %d checkpoints verified, signed by %s%n", signing.checkpoints(),
                    String.join(", ", signing.keys().stream().map(k -> TraceSigner.fingerprint(k)
                            + (trusted.contains(k) ? (pinned.isEmpty() ? " (this machine's key)" : " (pinned)")
                            : " (NOT trusted)")).toList()));
        }
        Optional<String> writer = report.finished() ? Optional.empty() : TraceWriter.writer(file);
        out.printf("campaign: %s%n", report.finished() ? "finished"
                : writer.isPresent() ? "running: " + writer.get() + " is writing this trace now; verify it again"
                + " once that ends"
                : report.paused() ? (waitsForResults(file) ? "paused for results run by hand ('sciloop tell' records"
                + " them and goes on)" : "paused ('sciloop resume' continues it)")
                : "did not finish (interrupted; 'sciloop resume' continues it)");
        if (people.signatures() > 0 || !people.problems().isEmpty()) {
            out.printf("people: %d signature%s%s%s%n", people.signatures(), people.signatures() == 1 ? "" : "s",
                    people.summary().isEmpty() ? "" : "; valid: " + people.summary(), people.checkedAgainstList()
                            ? " (keys checked against " + peopleFile + ")"
                            : " (whose keys are not checked: pass --people FILE to say whose count)");
            people.problems().forEach(p -> err.println("person's signature: " + p));
        }
        for (TraceReader.Signing.Adopted a : signing.adopted()) {
            // Vouched for by the resume, not by their writer: say so rather than claim more than was signed.
            err.printf("note: lines %d-%d were written before an interruption and never signed by the process that"
                    + " wrote them; the resume at line %d went on from them as it found them, and only its"
                    + " signatures cover them%n", a.from(), a.to(), a.resumedAt());
        }
        switch (result.verdict()) {
            case VERIFIED -> {
                if (!people.problems().isEmpty()) {
                    break;  // said below: the people's signatures decide
                }
                out.printf("verified: sealed at line %d; nothing was altered, removed or cut off since it was signed%s%n",
                        signing.lastCheckpoint(), signing.adopted().isEmpty() ? " by the process that wrote it"
                                : " (see the note on the lines a resume adopted)");
            }
            case PAUSED -> (acceptPaused ? out : err).printf("sealed while paused: signed at line %d, where the"
                            + " campaign was paused; nothing up to the pause was altered or removed, but if it was"
                            + " resumed after, lines written since could have been cut off with no trace of it%s%n",
                    signing.lastCheckpoint(), acceptPaused ? " (accepted: --accept-paused)"
                            : ". Verify the resumed trace, or pass --accept-paused to accept a paused one");
            case UNTRUSTED -> err.printf("untrusted: signed by %s, which %s. Anyone can sign a trace with a key of"
                            + " their own; pin the signer's key with --public-key to check it was them%s%n",
                    String.join(", ", result.untrustedKeys().stream().map(TraceSigner::fingerprint).toList()),
                    pinned.isEmpty() ? "is not this machine's key" : "is not the key pinned (" + String.join(", ",
                            trusted.stream().map(TraceSigner::fingerprint).toList()) + ")",
                    serviceKey(file, result.untrustedKeys()).map(k -> ". It is the key of the lab service whose data"
                            + " folder is " + k.getParent().getParent() + ": if you trust that service, pass"
                            + " --public-key " + k).orElse(""));
            case UNSIGNED -> err.println("unsigned: written without signed checkpoints (trace format 1); only the"
                    + " hash chain protects it, so lines cut off its end, or a wholesale rewrite, go undetected");
            case UNSEALED -> {
                if (writer.isPresent()) {
                    err.printf("not sealed yet: %s; its writer signs them as it goes and seals the trace when the"
                            + " campaign ends or pauses%n", signing.lastCheckpoint() == 0 ? "no line is signed yet"
                            : "lines " + (signing.lastCheckpoint() + 1) + "-" + report.lines() + " follow the last"
                            + " signed checkpoint (line " + signing.lastCheckpoint() + ")");
                    break;
                }
                err.printf("not sealed: %s; the trace may have been cut off after line %d, or its writer"
                            + " stopped without sealing it (%s)%n",
                    signing.lastCheckpoint() == 0 ? "no line is covered by a signed checkpoint"
                            : "lines " + (signing.lastCheckpoint() + 1) + "-" + report.lines()
                            + " follow the last signed checkpoint (line " + signing.lastCheckpoint() + ")",
                    report.lines(), report.finished()
                            ? "the campaign had finished: nothing resumes it, and only its writer could have sealed it"
                            : "a crash: 'sciloop resume' continues and seals it");
            }
            case DAMAGED -> throw new IllegalStateException("handled above");
        }
        if (!people.problems().isEmpty()) {
            err.printf("NOT verified: %d problem%s with the people's signatures (above): what a person told or decided"
                    + " may have been changed or cut out%n", people.problems().size(),
                    people.problems().size() == 1 ? "" : "s");
        }
        boolean accepted = result.verified() || acceptPaused && result.verdict() == Verdict.PAUSED;
        return accepted && people.problems().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** A key given inline or as a file; refused with the reason when it is neither. */
    private static String publicKey(String given) {
        String text = given.trim();
        Path path = Path.of(text.replace("\n", ""));
        if (!TraceSigner.isPublicKey(text) && Files.isRegularFile(path)) {
            try {
                text = Files.readString(path).trim();
            } catch (IOException e) {
                throw new InputException("cannot read the key file " + path + ": " + IoReason.of(e));
            }
        }
        if (!TraceSigner.isPublicKey(text)) {
            String asFile = Files.isRegularFile(path) ? "holds no Ed25519 public key"
                    : Files.isDirectory(path) ? "is a directory"
                    : Files.exists(path) ? "is not a regular file" : "no such file";
            throw new InputException("--public-key " + given + " is not an Ed25519 public key (base64, as"
                    + " 'sciloop key' prints it), and as a file: " + asFile);
        }
        return text;
    }

    /** Whether a paused campaign waits for experiments people run: then a tell, not a resume, goes on. */
    private static boolean waitsForResults(Path trace) {
        try {
            CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
            return !history.inFlight().isEmpty() && CampaignLauncher.recordedScenario(history, trace).manual();
        } catch (RuntimeException e) {
            return false;  // only a hint: a scenario that cannot be read leaves the general one
        }
    }
}
