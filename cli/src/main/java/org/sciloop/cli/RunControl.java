package org.sciloop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.CampaignEngine;

/**
 * How a person reaches a running campaign from outside its process: a request file in the run folder
 * ({@code control.*.request}: the verb, who asks, why), written whole by {@code sciloop pause} or {@code sciloop
 * stop} and taken by the running process, which polls for requests every {@value #POLL_MS} ms and asks its engine
 * to pause or stop at the next safe point (never cutting a call). A file, not a socket: it needs no port, works for
 * any process that may write the folder (the lab service among them), and a request made while nothing runs is
 * refused instead of lying in wait. Each request is a file of its own, so none replaces another: a pause asked
 * just after a stop cannot undo it (the engine's stop outranks its pause).
 */
final class RunControl implements AutoCloseable {
    static final String PATTERN = "control.*.request";
    static final long POLL_MS = 200;

    enum Verb {
        PAUSE, STOP;

        /** The request as the trace records it: "paused by carol (sciloop pause): checking the reagent". */
        String asked(String who, String reason) {
            String word = name().toLowerCase(java.util.Locale.ROOT);
            return (this == PAUSE ? "paused" : "stopped") + " by " + who + " (sciloop " + word + ")"
                    + (reason == null || reason.isBlank() ? "" : ": " + reason);
        }
    }

    private final Thread poller;

    private RunControl(Path folder, CampaignEngine engine) {
        poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (Path request : requests(folder)) {
                        List<String> lines = Files.readAllLines(request, StandardCharsets.UTF_8);
                        Files.deleteIfExists(request);  // taken: it is acted on once
                        apply(engine, lines);
                    }
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // Removed under us: the next poll reads what is left.
                }
            }
        }, "sciloop-run-control");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Watches {@code folder} for requests to {@code engine} until closed; stale requests, left before this process
     * began, are removed first. One left since is this process's: it holds the trace while it gets ready (opening the
     * campaign store, say), and a tester's pause asked then was lost.
     */
    static RunControl watch(Path folder, CampaignEngine engine) {
        java.time.Instant began = ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now());
        try {
            for (Path request : requests(folder)) {
                if (Files.getLastModifiedTime(request).toInstant().isBefore(began)) {
                    Files.deleteIfExists(request);  // from before this process: nobody waits on it
                }
            }
        } catch (IOException e) {
            // The poller will meet it; a request it cannot remove it cannot act on twice either.
        }
        return new RunControl(folder, engine);
    }

    /** The requests left in {@code folder}, oldest first. */
    static List<Path> requests(Path folder) throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, PATTERN)) {
            stream.forEach(found::add);
        }
        found.sort(java.util.Comparator.comparing(Path::getFileName));
        return found;
    }

    private static void apply(CampaignEngine engine, List<String> lines) {
        if (lines.size() < 2) {
            return;
        }
        String who = lines.get(1);
        String why = lines.size() > 2 ? lines.get(2) : "";
        switch (lines.get(0)) {
            case "PAUSE" -> engine.requestPause(Verb.PAUSE.asked(who, why));
            case "STOP" -> engine.requestStop(Verb.STOP.asked(who, why));
            default -> { }
        }
    }

    /** Leaves a request, a file of its own, for the process running in {@code folder}; the file. */
    static Path request(Path folder, Verb verb, String person, String reason) {
        // Named by when and by whom: two requests never share a file, nor their halves one.
        String name = "control." + System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-"
                + verb.name().toLowerCase(java.util.Locale.ROOT);
        Path file = folder.resolve(name + ".request");
        Path part = folder.resolve(name + ".part");
        try {
            Files.writeString(part, verb + "\n" + person + "\n" + reason.replace('\n', ' ') + "\n");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // what cannot be removed is never read: only whole requests are
            }
            throw new InputException("cannot leave the request in " + file + ": " + IoReason.of(e));
        }
    }

    /** Takes back a request no process took; whether it was still there. */
    static boolean withdraw(Path request) {
        try {
            return Files.deleteIfExists(request);
        } catch (IOException e) {
            return false;  // left as the process will meet it: removed at the next start
        }
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
