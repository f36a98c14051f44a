package org.sciloop.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts sciloop commands on campaigns, each in a process of its own with the service's configuration folder
 * (its users' keys), the service's campaign store, and its own log next to the campaign's run folder, from which the
 * service reads what the command said. The store is the one an admin names ({@code SCILOOP_STORE} or {@code
 * SCILOOP_DATA_HOME} in the service's environment), else one in the data folder: a service's campaigns remember and
 * memoise among themselves, not from whatever its user once ran by hand.
 *
 * <p>With the Slurm executor, a command that works a campaign (run, resume, tell, approve, deny, stop) runs as a
 * Slurm job instead: the local process is {@code sbatch --wait}, which ends when the job ends and with its exit
 * code, so the queue follows a job as it follows a process. The job writes the same log and the same trace, which
 * is why the service's data folder must be on storage the nodes share. Commands that only read (verify, report)
 * and pause and stop (which only ask, or write one line) run here.
 */
final class CampaignProcesses {
    private static final java.util.Set<String> WORK = java.util.Set.of("run", "resume", "tell", "approve", "deny");

    private final SciloopCommands commands;
    /** What every command is given on top of the service's own environment. */
    private final java.util.Map<String, String> environment = new java.util.TreeMap<>();
    private final Clock clock;
    private final Executor executor;
    /** The service's configuration folder: its users' keys, and its own, which signs its campaigns' traces. */
    private final Path configDirectory;

    CampaignProcesses(SciloopCommands commands, Path dataFolder, Path configDirectory, Clock clock,
                      Executor executor) {
        this.commands = commands;
        this.clock = clock;
        this.executor = executor;
        this.configDirectory = configDirectory;
        environment.put("SCILOOP_CONFIG_HOME", configDirectory.toAbsolutePath().toString());
        if (blank(System.getenv("SCILOOP_STORE")) && blank(System.getenv("SCILOOP_DATA_HOME"))) {
            environment.put("SCILOOP_DATA_HOME", dataFolder.resolve("memory").toAbsolutePath().toString());
        }
    }

    /** The key the commands sign their campaigns' traces with. */
    org.sciloop.core.trace.TraceSigner signer() {
        return org.sciloop.core.trace.TraceSigner.inDirectory(configDirectory);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A command at work, and the log of what it says. */
    record Started(Process process, Path log) {
        String output() {
            return read(log);
        }
    }

    /** Starts {@code sciloop <args>} for campaign {@code c}; {@code verb} names its log. */
    Started start(QueuedCampaign c, String verb, List<String> args) {
        Path logs = logs(c);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep logs in " + logs + ": " + e.getMessage(), e);
        }
        Path log = logs.resolve(clock.millis() + "-" + verb + ".log");
        List<String> command = new ArrayList<>(commands.command());
        command.addAll(args);
        ProcessBuilder builder;
        if (executor == Executor.SLURM && WORK.contains(verb)) {
            builder = new ProcessBuilder("sbatch", "--wait", "--parsable", "--job-name=" + jobName(c, verb),
                    "--output=" + log.toAbsolutePath(), "--open-mode=append", "--chdir=" + logs.toAbsolutePath(),
                    "--export=ALL," + String.join(",", environment.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()), "--wrap=" + shell(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(log.getFileName() + ".sbatch")
                            .toFile()));
        } else {
            builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        builder.environment().putAll(environment);
        try {
            return new Started(builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sciloop (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Cancels the campaign's Slurm jobs that are still waiting for a node (a running job is asked to stop at its
     * next safe point instead, through its run folder, like a local process).
     */
    void cancelPending(QueuedCampaign c) {
        if (executor != Executor.SLURM) {
            return;
        }
        try {
            new ProcessBuilder("scancel", "--state=PENDING", "--name=" + jobName(c, "run")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scancel: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String jobName(QueuedCampaign c, String verb) {
        return "sciloop-" + c.id() + "-" + verb;
    }

    /** The command as one line for {@code sh}: each word single-quoted. */
    private static String shell(List<String> command) {
        StringBuilder line = new StringBuilder("exec");
        command.forEach(word -> line.append(" '").append(word.replace("'", "'\\''")).append('\''));
        return line.toString();
    }

    /** The end of what the latest command on {@code c} said (at most 2,000 characters). */
    String lastOutput(QueuedCampaign c) {
        try (Stream<Path> files = Files.list(logs(c))) {
            String last = files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).map(CampaignProcesses::read).orElse("").strip();
            return last.length() > 2000 ? last.substring(last.length() - 2000) : last;
        } catch (IOException e) {
            return "";
        }
    }

    private static Path logs(QueuedCampaign c) {
        return c.runDir().resolveSibling("logs");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
