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
 * (its users' keys) and its own log next to the campaign's run folder, from which the service reads what the
 * command said.
 */
final class CampaignProcesses {
    private final SciloopCommands commands;
    private final Path configDirectory;
    private final Clock clock;

    CampaignProcesses(SciloopCommands commands, Path configDirectory, Clock clock) {
        this.commands = commands;
        this.configDirectory = configDirectory;
        this.clock = clock;
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SCILOOP_CONFIG_HOME", configDirectory.toString());
        try {
            return new Started(builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sciloop (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** The end of what the latest command on {@code c} said (at most 2,000 characters). */
    String lastOutput(QueuedCampaign c) {
        try (Stream<Path> files = Files.list(logs(c))) {
            String last = files.sorted().reduce((a, b) -> b).map(CampaignProcesses::read).orElse("").strip();
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
