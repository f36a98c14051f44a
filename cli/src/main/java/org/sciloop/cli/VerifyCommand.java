package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sciloop.core.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = {
        "Check a trace's hash chain line by line.",
        "Exit 0 when intact; 1 naming the first bad line otherwise."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceArgument trace;

    @Override
    public Integer call() {
        Path file = trace.file();
        TraceReader.Report report = TraceReader.verify(file);
        PrintWriter out = spec.commandLine().getOut();
        if (report.intact()) {
            out.printf("intact: %d lines, hash chain unbroken; %s%n", report.lines(), report.finished()
                    ? "the campaign finished"
                    : "the campaign did not finish (interrupted; 'sciloop resume' continues it)");
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("damaged: %s: %s%n", file, report.problem().get());
        err.printf("the %d lines before it are intact%n", report.lines());
        return ExitCode.FAILED;
    }
}
