package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sciloop.core.ConfigDirectory;

/**
 * Where the libraries' own log goes (the OPC UA stack's warnings, reconnect attempts, their stack traces): a
 * file per command under {@code CONFIG/logs/}, not the console. The console carries sciloop's own messages,
 * one line per event an operator must act on; at the end a command says in one line whether anything was
 * logged and where. Logs without a line are removed, and of the commands that ended only the newest
 * {@value #KEEP} are kept.
 */
final class LibraryLog {
    static final int KEEP = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private static Path file;

    private LibraryLog() {
    }

    /** Sends the libraries' log to a new file; called before any library logs. Left on the console if it cannot. */
    static void toFile() {
        Path folder = ConfigDirectory.path().resolve("logs");
        try {
            Files.createDirectories(folder);
            prune(folder);
            file = folder.resolve("sciloop-" + STAMP.format(LocalDateTime.now()) + "-" + ProcessHandle.current().pid()
                    + ".log");
            Files.createFile(file);
        } catch (IOException e) {
            file = null;  // a log is not worth failing a command over: the console keeps it
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
    }

    /** The file this process logs to, if it logs to one. */
    static Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** One line on what was logged, if anything was; an empty log is removed. */
    static void summarise(PrintWriter err) {
        if (file == null) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            long warnings = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
            err.printf("sciloop: the libraries it uses logged %d warning%s; details in %s%n", warnings,
                    warnings == 1 ? "" : "s", file);
            err.flush();
        } catch (IOException e) {
            // The log was removed or cannot be read: nothing to point to.
        }
    }

    /**
     * Removes the logs of commands that ended: the empty ones (a killed command could not remove its own),
     * then all but the newest {@value #KEEP}. A log whose process still runs (a server) is never touched.
     */
    private static void prune(Path folder) throws IOException {
        List<Path> ended;
        try (Stream<Path> logs = Files.list(folder)) {
            ended = logs.filter(p -> p.getFileName().toString().matches("sciloop-\\d{8}-\\d{6}-\\d+\\.log"))
                    .filter(p -> ProcessHandle.of(pid(p)).filter(ProcessHandle::isAlive).isEmpty())
                    .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
        }
        int kept = 0;
        for (Path p : ended) {
            if (Files.size(p) == 0 || ++kept >= KEEP) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long pid(Path log) {
        String name = log.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - ".log".length()));
    }
}
