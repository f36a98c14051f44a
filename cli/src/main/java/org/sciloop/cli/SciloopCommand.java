package org.sciloop.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.InUseException;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.trace.DamagedTraceException;
import org.sciloop.core.trace.TraceWriteException;
import org.sciloop.instruments.client.DeviceException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code sciloop}: the entry point. Each subcommand returns an {@link ExitCode}. */
@Command(name = "sciloop", mixinStandardHelpOptions = true, version = "sciloop 0.1.0",
        scope = CommandLine.ScopeType.INHERIT,  // --help and --version on every subcommand too
        description = "Autonomous, hypothesis-driven experiment campaigns with a tamper-evident audit trace.")
public final class SciloopCommand {
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, TellCommand.class, StatusCommand.class, ApprovalCommands.Approve.class,
            ApprovalCommands.Deny.class, ControlCommands.Pause.class,
            ControlCommands.Stop.class, ResumeCommand.class, ServeCommand.class,
            VerifyCommand.class, ReplayCommand.class, ReportCommand.class, HypothesesCommand.class, MemoryCommand.class,
            KeyCommand.class,
            InstrumentCommand.class, ScenariosCommand.class, ToolsCommand.class, PlannersCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        LibraryLog.toFile();  // first: before any library makes its logger
        // What this process is doing, as a person would type it again: named to one who waits for the campaign store.
        System.setProperty("sciloop.command", "sciloop " + java.util.Arrays.stream(args)
                .map(a -> a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" ")));
        int exit;
        try {
            exit = commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            // Too large an input for the heap: say so in a line; a stack trace would not help anyone.
            System.err.println("sciloop: out of memory (" + e.getMessage() + "): the input is too large for the"
                    + " memory this Java may use; give it more with SCILOOP_JAVA_OPTS=-Xmx8g, or use a smaller input");
            exit = ExitCode.BAD_INPUT;
        }
        LibraryLog.summarise(new PrintWriter(System.err, true));
        SignalPause.exiting(exit);  // a signal's pause waits for the command to have said what it had to
        System.exit(exit);
    }

    /**
     * The command line for {@code args}: the root and the one subcommand they name, or every subcommand when
     * they name none (help, a typo). Picocli reads each command's annotations when it is added, and that
     * was most of a command's start-up (measured: 0.48 s for all thirteen, 0.31 s for one, cold).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new SciloopCommand());
        List<Class<?>> named = args.length == 0 ? List.of()
                : SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class && names(c).contains(args[0]))
                        .toList();
        (named.isEmpty() ? SUBCOMMANDS : named).forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler((e, command, parsed) -> report(e, command.getErr()));
        return cli;
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
    }

    /** A user's mistake gets its message alone; only a defect gets a stack trace. */
    static int report(Exception e, PrintWriter err) {
        if (SignalPause.tookOver()) {
            return ExitCode.FAILED;  // the process is ending on a signal, whose pause said what happened
        }
        if (e instanceof DamagedTraceException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;  // as verify says of the same trace
        }
        if (e instanceof InputException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof ServiceUnavailableException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (e instanceof InUseException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;  // nothing was sent or written; try again once the device is free
        }
        if (e instanceof DeviceException) {
            err.println("sciloop: " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (e instanceof TraceWriteException w) {
            // The trace stopped mid-campaign: nobody's input was wrong, and nothing of it is lost.
            err.println("sciloop: " + w.getMessage());
            return ExitCode.INTERNAL_ERROR;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("sciloop: " + e.getMessage() + ": " + IoReason.of(io.getCause()));
            return ExitCode.BAD_INPUT;
        }
        err.println("sciloop: internal error (please report it with the lines below): " + e);
        e.printStackTrace(err);
        return ExitCode.INTERNAL_ERROR;
    }
}
