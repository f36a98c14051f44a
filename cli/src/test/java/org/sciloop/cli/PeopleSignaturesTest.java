package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.PeopleSignatures;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * What people tell is signed with their own keys, and {@code verify} checks those signatures: against the
 * lines they name, and against a list of people.
 */
class PeopleSignaturesTest {
    @BeforeAll
    static void people() {
        Cli.keysFor("alice", "bob");
    }

    @TempDir
    Path dir;
    Path run;

    @BeforeEach
    void twoPeopleTellResults() {
        run = dir.resolve("run");
        assertThat(Cli.run("run", "arylation", "--manual", "--budget", "6", "--batch", "2", "--out", run.toString())
                .exit()).isZero();
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=50", "--as", "alice").exit())
                .isZero();
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-2", "--failed", "spilled", "--as", "bob").exit())
                .isZero();
    }

    @Test
    void each_told_result_is_signed_by_its_teller_and_verify_names_who_signed_what() throws IOException {
        Path people = Files.writeString(dir.resolve("people.txt"), "# the lab\n" + key("alice") + "\n" + key("bob") + "\n");

        Cli verify = Cli.run("verify", run.toString(), "--people", people.toString(), "--accept-paused");

        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("people: 2 signatures; valid: alice: 1 measured; bob: 1 reported failed");
        List<TraceRecord> records = TraceReader.readIntact(run.resolve("trace.jsonl"));
        TraceRecord signature = records.stream().filter(r -> r.event() instanceof TraceEvent.PersonSigned).findFirst()
                .orElseThrow();
        assertThat(signature.actor()).isEqualTo("person:alice");
        TraceEvent.PersonSigned s = (TraceEvent.PersonSigned) signature.event();
        assertThat(records.get((int) s.line() - 1).event()).isInstanceOf(TraceEvent.ObservationRecorded.class);
    }

    @Test
    void a_signer_not_on_the_list_or_with_another_key_fails_the_trace() throws IOException {
        Path onlyAlice = Files.writeString(dir.resolve("alice.txt"), key("alice") + "\n");
        Cli missing = Cli.run("verify", run.toString(), "--people", onlyAlice.toString(), "--accept-paused");
        assertThat(missing.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("bob's signature (reported failed) of line",
                "is by a key of someone not on the list of people");
        Path swapped = Files.writeString(dir.resolve("swapped.txt"), "alice " + key("bob").split(" ")[1] + "\n"
                + key("bob") + "\n");
        Cli wrongKey = Cli.run("verify", run.toString(), "--people", swapped.toString(), "--accept-paused");
        assertThat(wrongKey.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(wrongKey.err()).contains("alice's signature (measured)", "is by a key that is not alice's on the list")
                .as("a line signed by the wrong key is not also called unsigned (a tester)")
                .doesNotContain("no signature of theirs covers it");
        Path malformed = Files.writeString(dir.resolve("bad.txt"), "alice\n");
        Cli bad = Cli.run("verify", run.toString(), "--people", malformed.toString());
        assertThat(bad.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("bad.txt:1: expected 'NAME KEY'");
    }

    @Test
    void a_changed_result_or_a_signature_moved_to_another_line_no_longer_verifies() {
        List<TraceRecord> records = TraceReader.readIntact(run.resolve("trace.jsonl"));
        TraceRecord signature = records.stream().filter(r -> r.event() instanceof TraceEvent.PersonSigned).findFirst()
                .orElseThrow();
        TraceEvent.PersonSigned s = (TraceEvent.PersonSigned) signature.event();

        // The result changed (its line's hash with it): the signature is of what was there before.
        PeopleSignatures changed = check(records, r -> r.seq() == s.line() ? new TraceRecord(r.seq(), r.time(),
                r.campaign(), r.actor(), r.event(), r.prev(), "0".repeat(64)) : r);
        assertThat(changed.problems()).anySatisfy(p -> assertThat(p).contains("alice's signature (measured) of line "
                + s.line() + " does not match that line as it is now"));

        // The signature pointed at another line (an earlier observation-free line).
        TraceEvent.PersonSigned moved = new TraceEvent.PersonSigned(s.person(), s.meaning(), s.line() - 1,
                records.get((int) s.line() - 2).hash(), s.signedAt(), s.publicKey(), s.signature());
        PeopleSignatures movedCheck = check(records, r -> r == signature ? new TraceRecord(r.seq(), r.time(),
                r.campaign(), r.actor(), moved, r.prev(), r.hash()) : r);
        assertThat(movedCheck.problems()).anySatisfy(p -> assertThat(p).contains("forged, moved"));

        // Another person's name over alice's signature.
        TraceEvent.PersonSigned renamed = new TraceEvent.PersonSigned("mallory", s.meaning(), s.line(), s.lineHash(),
                s.signedAt(), s.publicKey(), s.signature());
        PeopleSignatures renamedCheck = check(records, r -> r == signature ? new TraceRecord(r.seq(), r.time(),
                r.campaign(), r.actor(), renamed, r.prev(), r.hash()) : r);
        assertThat(renamedCheck.problems()).anySatisfy(p -> assertThat(p).contains("mallory's signature"));
    }

    @Test
    void a_signature_cut_out_or_copied_onto_another_line_is_caught() {
        List<TraceRecord> records = TraceReader.readIntact(run.resolve("trace.jsonl"));
        TraceRecord bobs = records.stream().filter(r -> r.event() instanceof TraceEvent.PersonSigned s
                && s.person().equals("bob")).findFirst().orElseThrow();
        PeopleSignatures cut = check(records.stream().filter(r -> r != bobs).toList(), r -> r);
        assertThat(cut.problems()).singleElement().asString().contains("written as bob's, but no signature of theirs");

        TraceRecord alices = records.stream().filter(r -> r.event() instanceof TraceEvent.PersonSigned s
                && s.person().equals("alice")).findFirst().orElseThrow();
        List<TraceRecord> doubled = new java.util.ArrayList<>(records);
        doubled.add(records.indexOf(alices) + 1, alices);
        assertThat(check(doubled, r -> r).problems()).singleElement().asString().contains("signs it a second time");
    }

    private static PeopleSignatures check(List<TraceRecord> records,
                                          java.util.function.UnaryOperator<TraceRecord> tamper) {
        PeopleSignatures people = new PeopleSignatures(Optional.<Map<String, String>>empty());
        records.stream().map(tamper).forEach(people::accept);
        people.finish();
        return people;
    }

    private static String key(String person) {
        Cli key = Cli.run("key", "--user", person);
        assertThat(key.exit()).isZero();
        return key.out().strip();
    }
}
