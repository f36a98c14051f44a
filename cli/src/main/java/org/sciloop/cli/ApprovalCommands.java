package org.sciloop.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.PeopleInput;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sciloop approve} and {@code sciloop deny}: a person's decision on experiments that wait for approval,
 * written as theirs and signed with their key. Approved ones run at once, whatever else still waits.
 */
final class ApprovalCommands {
    private ApprovalCommands() {
    }

    abstract static class Decide implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder")
        Path runDir;

        @Parameters(index = "1..*", paramLabel = "EXP", description = "the experiments decided on (see 'sciloop status')")
        List<String> experiments = new ArrayList<>();

        @Option(names = "--all", description = "every experiment that waits for approval")
        boolean all;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
        String reason = "";

        @Option(names = "--as", paramLabel = "NAME", description = "who decides (default: the login name, ${sys:user.name})")
        String person = System.getProperty("user.name");

        abstract boolean approve();

        @Override
        public Integer call() {
            UserConfig.knownPerson("--as", person);
            if (all == !experiments.isEmpty()) {
                throw new InputException("name the experiments to " + verb() + ", or --all; one of the two");
            }
            if (!approve() && reason.isBlank()) {
                throw new InputException("--reason: a denial says why, for whoever reads the record");
            }
            Set<String> named = new LinkedHashSet<>();
            for (String e : experiments) {
                if (!named.add(e)) {
                    throw new InputException(e + " is named twice");
                }
            }
            return new CampaignLauncher(spec.commandLine().getOut(), spec.commandLine().getErr()).resume(runDir, false,
                    (history, campaign) -> {
                        List<String> waiting = history.awaitingApproval().stream().map(PlannedExperiment::id).toList();
                        List<String> unknown = named.stream().filter(e -> !waiting.contains(e)).toList();
                        // One decided already is said as decided, and by whom: a second person's click is no typo.
                        if (!unknown.isEmpty()) {
                            Map<String, String> decided = decided(history);
                            unknown.stream().filter(decided::containsKey).findFirst().ifPresent(e -> {
                                throw new InputException(e + " was already " + decided.get(e) + "; a decision stands");
                            });
                        }
                        if (waiting.isEmpty()) {
                            throw new InputException(runDir + ": no experiment waits for approval");
                        }
                        if (!unknown.isEmpty()) {
                            throw new InputException(String.join(", ", unknown) + (unknown.size() == 1 ? " does" : " do")
                                    + " not wait for approval; waiting: " + String.join(", ", waiting.size() > 20
                                    ? waiting.subList(0, 20) : waiting) + (waiting.size() > 20 ? ", ..." : ""));
                        }
                        List<PeopleInput.Decision> decisions = (all ? waiting : List.copyOf(named)).stream()
                                .map(e -> new PeopleInput.Decision(e, approve(), reason)).toList();
                        return PeopleInput.decided(UserConfig.personalKey(person), decisions);
                    }, "nothing in it waits for a decision any more");
        }

        /** Each experiment decided on, as "approved by NAME (TIME)" or "denied by NAME (TIME)". */
        private static Map<String, String> decided(org.sciloop.core.campaign.CampaignHistory history) {
            Map<String, String> decided = new java.util.HashMap<>();
            for (org.sciloop.core.trace.TraceRecord r : history.records()) {
                if (r.event() instanceof org.sciloop.core.trace.TraceEvent.ApprovalDecided d) {
                    decided.put(d.experimentId(), (d.approved() ? "approved" : "denied") + " by "
                            + r.actor().replaceFirst("^person:", "") + " (" + r.time() + ")");
                }
            }
            return decided;
        }

        private String verb() {
            return approve() ? "approve" : "deny";
        }
    }

    @Command(name = "approve", description = {"Approve experiments that wait for a person: they run now, each on its"
            + " own.", "Written as yours and signed with your key (sciloop key --user)."})
    static final class Approve extends Decide {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "deny", description = {"Deny experiments that wait for a person: they never run, and the planner"
            + " does not propose them again.", "Written as yours, with your reason, and signed with your key."})
    static final class Deny extends Decide {
        @Override
        boolean approve() {
            return false;
        }
    }
}
