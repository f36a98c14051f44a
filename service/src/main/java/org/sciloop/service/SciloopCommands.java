package org.sciloop.service;

import java.util.ArrayList;
import java.util.List;

/**
 * What the service needs of the sciloop command line, which it drives: a submission checked as {@code sciloop
 * run} would check it (before it is queued), and the command that runs sciloop in a process of its own. Each
 * campaign runs in its own process, so one that fails takes nothing else down, and every operation (tell,
 * approve, pause ...) is the very command a person would type, with the same checks and the same record.
 */
public interface SciloopCommands {
    /**
     * Checks a scenario (a built-in name or a file) with the overrides, as {@code sciloop run} would; throws
     * {@link org.sciloop.core.InputException} with the file and line of a mistake.
     */
    Submission check(String scenario, Overrides overrides);

    /**
     * The instrument that an operator's name for one reaches, named as campaigns name the one they drive (an OPC UA
     * endpoint by its address and port, whatever host name it was given); throws {@link
     * org.sciloop.core.InputException} for a name that reaches no instrument.
     */
    String instrument(String named);

    /** The command line that runs sciloop, to which a subcommand and its arguments are added. */
    List<String> command();

    /** The built-in scenarios' names, to offer when submitting. */
    List<String> scenarios();

    /** What a submission may change of its scenario; null leaves the scenario's own. */
    record Overrides(String planner, Integer budget, Integer batch, Long seed, boolean manual, String approval) {
        /** The arguments of {@code sciloop run} that make these overrides. */
        public List<String> arguments() {
            List<String> args = new ArrayList<>();
            if (planner != null) {
                args.addAll(List.of("--planner", planner));
            }
            if (budget != null) {
                args.addAll(List.of("--budget", budget.toString()));
            }
            if (batch != null) {
                args.addAll(List.of("--batch", batch.toString()));
            }
            if (seed != null) {
                args.addAll(List.of("--seed", seed.toString()));
            }
            if (manual) {
                args.add("--manual");
            }
            if (approval != null) {
                args.addAll(List.of("--approval", approval));
            }
            return args;
        }
    }

    /**
     * A checked submission.
     *
     * @param name the scenario's name
     * @param tool the tool its experiments run with
     * @param device the instrument it drives (no two campaigns drive one at once), or null for a simulation
     */
    record Submission(String name, String tool, String device) {
    }
}
