package org.sciloop.tools.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of one run. Each run is marked by a token in its environment, which every process it starts
 * inherits, and written in its folder before it starts: so a child that double-forks away from its parent is
 * still found and killed with the run, and so is a run whose campaign was killed with kill -9, which the
 * resume finds by the token in the folder. Where there is no {@code /proc} to read the marks from, the run's
 * descendants are what can be found. On Linux the run also gets a session of its own ({@code setsid}), so a
 * Ctrl-C at the campaign's terminal pauses the campaign without killing its runs.
 */
final class RunProcesses {
    /** The environment variable that marks a run's processes. */
    static final String MARK = "SCILOOP_RUN";
    /** The file in the run's folder that holds its mark. */
    static final String RECORD = "sciloop-run.mark";

    private static final Path PROC = Path.of("/proc");
    private static final boolean MARKS_READABLE = Files.isReadable(PROC.resolve("self").resolve("environ"));
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst();

    /** A started run and its mark. */
    record Started(Process process, String mark) {
    }

    private RunProcesses() {
    }

    /** Marks the run, records the mark in its folder, and starts it. */
    static Started start(ProcessBuilder builder, Path folder) throws IOException {
        String mark = UUID.randomUUID().toString();
        // Written first: a campaign killed the moment after the start still leaves the run findable.
        Files.writeString(folder.resolve(RECORD), mark + "\n", StandardCharsets.UTF_8);
        builder.environment().put(MARK, mark);
        if (SETSID.isPresent()) {
            requireStartable(builder);
            // Without --fork: the child of the JVM leads no process group, so setsid execs the program in the
            // same process, whose exit code is then the program's.
            List<String> command = new ArrayList<>(builder.command());
            command.add(0, SETSID.get().toString());
            builder.command(command);
        }
        return new Started(builder.start(), mark);
    }

    /** Kills the run and everything it started; returns how many processes were killed. */
    static int kill(Started run) {
        // The parent first, so that it cannot start anything new; its descendants as a snapshot taken while it
        // lives, since once it is gone its children are re-parented and can no longer be found from it.
        List<ProcessHandle> found = new ArrayList<>();
        found.add(run.process().toHandle());
        found.addAll(run.process().descendants().toList());
        Set<Long> killed = new HashSet<>();
        kill(found, killed);
        if (MARKS_READABLE) {
            killMarked(run.mark(), killed);
        }
        try {
            run.process().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return killed.size();
    }

    /**
     * Kills what a run that has ended left running (a daemon it double-forked): a simulation is done when its
     * program is, and what it leaves would run on unwatched. Returns how many processes were killed.
     */
    static int killLeftBehind(Started run) {
        Set<Long> killed = new HashSet<>();
        if (MARKS_READABLE) {
            killMarked(run.mark(), killed);
        }
        return killed.size();
    }

    /**
     * Kills what is left of an earlier attempt recorded in {@code folder} (a campaign killed while the run went
     * on); says so, or returns "" when nothing was left.
     */
    static String stopEarlier(Path folder) {
        if (!MARKS_READABLE) {
            return "";
        }
        String mark;
        try {
            mark = Files.readString(folder.resolve(RECORD), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";  // no record: not a run of this runner, or one from before marks
        }
        Set<Long> killedSet = new HashSet<>();
        killMarked(mark, killedSet);
        int killed = killedSet.size();
        return killed == 0 ? "" : "an earlier attempt of this run was still running; killed it (" + killed
                + " process" + (killed == 1 ? "" : "es") + ")";
    }

    /** Kills every process that carries the mark, adding them to {@code killed}. */
    private static void killMarked(String mark, Set<Long> killed) {
        // Again until no new one is found: a marked process may fork between the listing and its kill (one
        // already killed may still be listed until it is gone).
        for (int round = 0; round < 10; round++) {
            List<ProcessHandle> marked = marked(mark);
            marked.removeIf(p -> killed.contains(p.pid()));
            if (marked.isEmpty()) {
                return;
            }
            kill(marked, killed);
        }
    }

    private static void kill(List<ProcessHandle> processes, Set<Long> killed) {
        for (ProcessHandle p : processes) {
            if (p.isAlive() && p.destroyForcibly()) {
                killed.add(p.pid());
            }
        }
    }

    /** The live processes that carry the mark (a zombie is not live: it waits only to be reaped). */
    private static List<ProcessHandle> marked(String mark) {
        byte[] entry = (MARK + "=" + mark).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> marked = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path process : (Iterable<Path>) entries::iterator) {
                String name = process.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && carries(process.resolve("environ"), entry)) {
                    ProcessHandle.of(Long.parseLong(name)).filter(ProcessHandle::isAlive).ifPresent(marked::add);
                }
            }
        } catch (IOException e) {
            // /proc could not be listed: nothing found
        }
        return marked;
    }

    /** Whether a NUL-separated environment holds {@code entry} as one of its variables. */
    private static boolean carries(Path environ, byte[] entry) {
        byte[] text;
        try {
            text = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false;  // gone meanwhile, or another user's
        }
        for (int start = 0; start + entry.length <= text.length; ) {
            int end = start;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            if (end - start == entry.length && java.util.Arrays.equals(text, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * Refuses, as the JVM would, a program that cannot be started: behind setsid it would start setsid, whose
     * failure to run the program would read as the run's own exit code 127.
     */
    private static void requireStartable(ProcessBuilder builder) throws IOException {
        String program = builder.command().get(0);
        Stream<Path> candidates = program.contains("/")
                ? Stream.of(builder.directory() == null ? Path.of(program) : builder.directory().toPath().resolve(program))
                : Stream.of(builder.environment().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                        .filter(d -> !d.isEmpty()).map(d -> Path.of(d, program));
        if (candidates.noneMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p))) {
            throw new IOException(program.contains("/") ? "no such executable file"
                    : "no such program in the PATH (" + builder.environment().getOrDefault("PATH", "") + ")");
        }
    }
}
