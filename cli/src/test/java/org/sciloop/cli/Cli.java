package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the sciloop command in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {

    /** Makes each person's key, as a new person does once before they act with {@code --as}. */
    static void keysFor(String... people) {
        for (String person : people) {
            Cli made = run("key", "--user", person);
            if (made.exit() != 0) {
                throw new AssertionError("no key for " + person + ": " + made.err());
            }
        }
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = SciloopCommand.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /**
     * Runs branin with {@code budget} experiments into {@code folder}, then keeps only the first {@code lines}
     * of its trace, as a crash or a cut would leave it; the trace.
     */
    static Path campaignCutAfter(Path folder, int budget, int lines) throws IOException {
        Cli run = run("run", "branin", "--budget", String.valueOf(budget), "--out", folder.toString());
        if (run.exit() != 0) {
            throw new AssertionError("the campaign to cut did not run: " + run.err());
        }
        Path trace = folder.resolve(CampaignFiles.TRACE);
        Files.write(trace, Files.readAllLines(trace).subList(0, lines));
        return trace;
    }
}
