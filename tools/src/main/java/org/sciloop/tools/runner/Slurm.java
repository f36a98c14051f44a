package org.sciloop.tools.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sciloop.core.IoReason;

/**
 * The Slurm commands the runner needs, run as a user would run them: {@code sbatch} to submit a job array,
 * {@code squeue} to follow it, {@code sacct} (or, on a cluster without accounting storage, the job
 * completion log) to learn how each task ended, {@code scancel} to stop it. Every command is bounded in
 * time, so a controller that does not answer becomes an error, not a hang.
 */
final class Slurm {
    private static final long COMMAND_TIMEOUT_S = 60;

    /** A Slurm command that failed or could not run; the message is the command's own complaint. */
    static final class SlurmException extends Exception {
        SlurmException(String message) {
            super(message);
        }
    }

    /** How an array task ended: Slurm's state (COMPLETED, FAILED, CANCELLED, TIMEOUT, ...) and exit code. */
    record TaskEnd(String state, int exitCode, int signal) {
    }

    // Set when the cluster turns out to keep no accounting storage; from then on ends come from this log.
    private volatile Path completionLog;

    /** Submits {@code script} and returns the array job's id. */
    String submit(Path script, List<String> extraOptions) throws SlurmException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(extraOptions);
        command.add(script.toString());
        String out = run(command).strip();
        String id = out.contains(";") ? out.substring(0, out.indexOf(';')) : out;   // "id;cluster" on federations
        if (!id.matches("\\d+")) {
            throw new SlurmException("sbatch answered '" + out + "' instead of a job id");
        }
        return id;
    }

    /** The array's tasks still queued or running, by task index, with their state. */
    Map<Integer, String> queued(String jobId) throws SlurmException, InterruptedException {
        Map<Integer, String> tasks = new HashMap<>();
        for (String line : run(List.of("squeue", "-h", "-r", "-j", jobId, "-o", "%i|%T")).split("\n")) {
            String[] parts = line.strip().split("\\|");
            if (parts.length == 2 && parts[0].startsWith(jobId + "_")) {
                tasks.put(Integer.parseInt(parts[0].substring(jobId.length() + 1)), parts[1]);
            }
        }
        return tasks;
    }

    /** The id of the job of that name still queued or running, or null when there is none. */
    String jobNamed(String name) throws SlurmException, InterruptedException {
        if (name.isBlank()) {
            return null;
        }
        String ids = run(List.of("squeue", "-h", "-n", name, "-o", "%F")).strip();
        return ids.isEmpty() ? null : ids.lines().findFirst().orElseThrow().strip();
    }

    /**
     * How the array's finished tasks ended, from {@code sacct}; on a cluster without accounting storage,
     * from the job completion log ({@code jobcomp/filetxt}). Tasks not (yet) on record are absent.
     */
    Map<Integer, TaskEnd> ended(String jobId) throws SlurmException, InterruptedException {
        if (completionLog == null) {
            try {
                return fromAccounting(jobId);
            } catch (SlurmException e) {
                if (!e.getMessage().contains("accounting storage is disabled")) {
                    throw e;
                }
                completionLog = completionLog();   // asked once: a cluster does not gain accounting mid-campaign
            }
        }
        return fromCompletionLog(jobId);
    }

    void cancel(String jobId) throws SlurmException, InterruptedException {
        run(List.of("scancel", jobId));
    }

    private Map<Integer, TaskEnd> fromAccounting(String jobId) throws SlurmException, InterruptedException {
        Map<Integer, TaskEnd> ends = new HashMap<>();
        for (String line : run(List.of("sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,ExitCode"))
                .split("\n")) {
            String[] parts = line.strip().split("\\|");
            if (parts.length == 3 && parts[0].matches(jobId + "_\\d+")) {
                ends.put(Integer.parseInt(parts[0].substring(jobId.length() + 1)), end(parts[1], parts[2]));
            }
        }
        ends.values().removeIf(e -> !finished(e.state()));
        return ends;
    }

    // 'sacct -c' reads this log too, but does not know array task ids (Slurm 22.05), so the runner reads it.
    /** The job completion log, when it is a text file sciloop can read. */
    private static Path completionLog() throws SlurmException, InterruptedException {
        Map<String, String> config = keyValues(run(List.of("scontrol", "show", "config")), "\\s*=\\s*", "\n");
        String type = config.getOrDefault("JobCompType", "");
        if (!type.endsWith("filetxt")) {
            throw new SlurmException("this cluster keeps no accounting storage and its job completion log is '"
                    + type + "', not jobcomp/filetxt: sciloop cannot learn how jobs ended");
        }
        return Path.of(config.getOrDefault("JobCompLoc", ""));
    }

    private Map<Integer, TaskEnd> fromCompletionLog(String jobId) throws SlurmException {
        Path log = completionLog;
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlurmException("cannot read the job completion log " + log + ": " + IoReason.of(e));
        }
        Map<Integer, TaskEnd> ends = new HashMap<>();
        for (String line : lines) {
            Map<String, String> fields = keyValues(line, "=", " ");
            if (jobId.equals(fields.get("ArrayJobId")) && fields.containsKey("ArrayTaskId")) {
                ends.put(Integer.parseInt(fields.get("ArrayTaskId")),
                        end(fields.getOrDefault("JobState", "UNKNOWN"), fields.getOrDefault("ExitCode", "0:0")));
            }
        }
        return ends;
    }

    private static TaskEnd end(String state, String exit) {
        String[] codes = exit.split(":");
        return new TaskEnd(state.split(" ")[0], Integer.parseInt(codes[0]),
                codes.length > 1 ? Integer.parseInt(codes[1]) : 0);
    }

    private static boolean finished(String state) {
        return !(state.startsWith("PENDING") || state.startsWith("RUNNING") || state.startsWith("REQUEUED")
                || state.startsWith("SUSPENDED") || state.startsWith("COMPLETING") || state.startsWith("CONFIGURING"));
    }

    private static Map<String, String> keyValues(String text, String separator, String between) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : text.split(between)) {
            String[] kv = item.strip().split(separator, 2);
            if (kv.length == 2) {
                out.put(kv[0].strip(), kv[1].strip());
            }
        }
        return out;
    }

    private static String run(List<String> command) throws SlurmException, InterruptedException {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            // Answers go to files, not pipes, so that waiting is bounded even if a command never closes them.
            out = Files.createTempFile("sciloop-slurm", ".out");
            err = Files.createTempFile("sciloop-slurm", ".err");
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new SlurmException(command.get(0) + " gave no answer within " + COMMAND_TIMEOUT_S + " s");
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err).strip();
            if (process.exitValue() != 0) {
                throw new SlurmException(command.get(0) + " failed (exit " + process.exitValue() + "): "
                        + (stderr.isEmpty() ? stdout.strip() : stderr));
            }
            return stdout;
        } catch (IOException e) {
            throw new SlurmException(process == null
                    ? "cannot run " + command.get(0) + " (" + e.getMessage()
                            + "): is this machine a Slurm submit host with the Slurm commands on its PATH?"
                    : command.get(0) + ": " + e.getMessage());
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary file left behind harms nobody.
        }
    }
}
