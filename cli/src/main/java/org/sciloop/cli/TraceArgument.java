package org.sciloop.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The TRACE argument of the commands that read a trace: a trace file, or the run folder holding it. */
final class TraceArgument {
    @Parameters(paramLabel = "TRACE", description = "a trace.jsonl (or the run folder holding it)")
    Path path;

    Path file() {
        return CampaignLauncher.traceOf(path);
    }
}
