package org.sciloop.core.trace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;
import org.sciloop.core.InUseException;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;

/**
 * One command at a time goes on with a recorded campaign (a resume, a tell, an approval, a stop). It holds this
 * lock from before it reads the trace, and sets aside an unfinished tail, until its last line is written: a
 * second command reads the trace only once the first is done with it, so it neither forks the trace nor cuts
 * off lines the first is still writing.
 *
 * <p>The lock is on a hidden file beside the trace, not on the trace: on Linux, closing any channel on a file
 * drops the process's locks on it, and a command opens and closes the trace many times while reading it.
 */
public final class CommandLock implements AutoCloseable {
    /** Far longer than a tell takes; a command that holds the lock longer is a campaign going on, not a tell. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SAY_AFTER = Duration.ofSeconds(1);

    private final FileChannel channel;

    private CommandLock(FileChannel channel) {
        this.channel = channel;
    }

    /** The file locked for {@code trace}. */
    public static Path fileFor(Path trace) {
        return trace.resolveSibling("." + trace.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code trace}'s campaign, waiting at most {@code wait} for the command that holds it
     * (saying once to {@code waiting} whom it waits for). Refuses, with nothing read or written, when that
     * command is not done by then.
     */
    public static CommandLock take(Path trace, Duration wait, Consumer<String> waiting) {
        Path file = fileFor(trace);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InputException("cannot lock " + trace + " for this command (" + file + "): " + IoReason.of(e));
        }
        try {
            long start = System.nanoTime();
            boolean said = false;
            while (true) {
                if (tryLock(channel)) {
                    return new CommandLock(channel);
                }
                long waited = System.nanoTime() - start;
                if (waited >= wait.toNanos()) {
                    break;
                }
                if (!said && waited >= SAY_AFTER.toNanos()) {
                    waiting.accept("waiting for " + holder(file) + ", which is going on with this campaign now");
                    said = true;
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            close(channel);
            throw new InputException("cannot lock " + file + ": " + IoReason.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(channel);
        throw new InUseException(holder(file) + " is going on with the campaign of " + trace + " (a tell, an"
                + " approval or a resume) and did not finish within " + wait.toSeconds() + " s; nothing was"
                + " written. Look at it with 'sciloop status', and try again once it has ended");
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock(0, 1, false);
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;  // another thread of this process holds it
        }
    }

    private static String holder(Path file) {
        return TraceWriter.lockHolder(file, 0).map(pid -> "sciloop process " + pid).orElse("another sciloop command");
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    /** Lets the next command go on; the file stays, empty, for the next one to lock. */
    @Override
    public void close() {
        close(channel);
    }
}
