package org.sciloop.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.sciloop.core.InputException;
import org.sciloop.core.planner.PlannerUnavailableException;
import org.sciloop.instruments.client.DeviceException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code sciloop}: the entry point. Each subcommand returns an {@link ExitCode}. */
@Command(name = "sciloop", mixinStandardHelpOptions = true, version = "sciloop 0.1.0",
        scope = CommandLine.ScopeType.INHERIT,  // --help and --version on every subcommand too
        description = "Autonomous, hypothesis-driven experiment campaigns with a tamper-evident audit trace.",
        subcommands = {RunCommand.class, ResumeCommand.class, VerifyCommand.class, ReplayCommand.class, ReportCommand.class, HypothesesCommand.class, KeyCommand.class,
                InstrumentCommand.class,
                ScenariosCommand.class,
                ToolsCommand.class, PlannersCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class SciloopCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SciloopCommand());
        cli.setExecutionExceptionHandler((e, command, parsed) -> report(e, command.getErr()));
        return cli;
    }

    /** A user's mistake gets its message alone; only a defect gets a stack trace. */
    private static int report(Exception e, PrintWriter err) {
        if (e instanceof InputException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof PlannerUnavailableException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (e instanceof DeviceException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("sciloop: " + e.getMessage() + ": " + io.getCause().getMessage());
            return ExitCode.BAD_INPUT;
        }
        err.println("sciloop: internal error (please report it with the lines below): " + e);
        e.printStackTrace(err);
        return ExitCode.INTERNAL_ERROR;
    }
}
