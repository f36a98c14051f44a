package org.sciloop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.CampaignEngine;

/**
 * How a person reaches a running campaign from outside its process: a request file in the run folder
 * ({@value #FILE}: the verb, who asks, why), written whole by {@code sciloop pause} or {@code sciloop stop} and
 * taken by the running process, which polls for it every {@value #POLL_MS} ms and asks its engine to pause
 * or stop at the next safe point (never cutting a call). A file, not a socket: it needs no port, works for
 * any process that may write the folder (the lab service among them), and a request made while nothing
 * runs is refused instead of lying in wait.
 */
final class RunControl implements AutoCloseable {
    static final String FILE = "control.request";
    static final long POLL_MS = 200;

    enum Verb { PAUSE, STOP }

    private final Thread poller;

    private RunControl(Path folder, CampaignEngine engine) {
        Path request = folder.resolve(FILE);
        poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (Files.exists(request)) {
                        List<String> lines = Files.readAllLines(request, StandardCharsets.UTF_8);
                        Files.deleteIfExists(request);  // taken: a second request is a new file
                        apply(engine, lines);
                    }
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // Being written or removed under us: the next poll reads it whole.
                }
            }
        }, "sciloop-run-control");
        poller.setDaemon(true);
        poller.start();
    }

    /** Watches {@code folder} for requests to {@code engine} until closed; a stale request is removed first. */
    static RunControl watch(Path folder, CampaignEngine engine) {
        try {
            Files.deleteIfExists(folder.resolve(FILE));  // from before this process: nobody waits on it
        } catch (IOException e) {
            // The poller will meet it; a request it cannot remove it cannot act on twice either.
        }
        return new RunControl(folder, engine);
    }

    private static void apply(CampaignEngine engine, List<String> lines) {
        if (lines.size() < 2) {
            return;
        }
        String who = lines.get(1);
        String why = lines.size() > 2 && !lines.get(2).isBlank() ? ": " + lines.get(2) : "";
        switch (lines.get(0)) {
            case "PAUSE" -> engine.requestPause("paused by " + who + " (sciloop pause)" + why);
            case "STOP" -> engine.requestStop("stopped by " + who + " (sciloop stop)" + why);
            default -> { }
        }
    }

    /** Leaves a request for the process running in {@code folder}. */
    static void request(Path folder, Verb verb, String person, String reason) {
        Path file = folder.resolve(FILE);
        Path part = folder.resolve(FILE + ".part");
        try {
            Files.writeString(part, verb + "\n" + person + "\n" + reason.replace('\n', ' ') + "\n");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InputException("cannot leave the request in " + file + ": " + IoReason.of(e));
        }
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
