package org.sciloop.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sciloop.core.InputException;

/** Checks of command-line values that picocli's types cannot express. */
final class Arguments {
    private Arguments() {
    }

    /**
     * An optional file to write ({@code option} names it): not a folder, and in a folder that is there, checked
     * before a command prints anything (a listing printed in full and then a refusal reads as if all went well).
     */
    static void writableFile(String option, Path file) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new InputException(option + " " + file + ": a folder; give a file to write");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new InputException(option + " " + file + ": no folder " + folder + " to write it in");
        }
    }

    /** An optional count that, when given, must be at least 1. */
    static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new InputException(option + " must be a positive whole number, got " + value);
        }
    }
}
