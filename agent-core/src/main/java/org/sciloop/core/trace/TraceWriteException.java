package org.sciloop.core.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.sciloop.core.IoReason;

/**
 * A line could not be written to a trace that was being written (a full disk, a folder made read-only): not
 * the user's input, and not a defect. What is on disk stays a valid trace up to the last whole line, which a
 * resume picks up from once the trace can be written again.
 */
public final class TraceWriteException extends UncheckedIOException {
    private final Path file;
    private final long linesKept;

    TraceWriteException(Path file, long linesKept, IOException cause) {
        super("cannot write to the trace " + file + ": " + IoReason.of(cause) + "; its first " + linesKept
                + " lines are on disk and intact, and 'sciloop resume " + folderOf(file) + "' goes on from them"
                + " once it can be written", cause);
        this.file = file;
        this.linesKept = linesKept;
    }

    private static Path folderOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file : parent;
    }

    public Path file() {
        return file;
    }

    public long linesKept() {
        return linesKept;
    }
}
