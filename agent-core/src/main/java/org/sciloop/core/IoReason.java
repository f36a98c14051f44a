package org.sciloop.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why the operating system refused a file operation, in words a person can act on. The JDK's file
 * exceptions carry the path as their message ("cannot write X: X"); the reason is in their type, or in
 * {@link FileSystemException#getReason()} ("No space left on device", "Read-only file system").
 */
public final class IoReason {
    private IoReason() {
    }

    public static String of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        if (e instanceof FileNotFoundException && message != null && message.endsWith(")")
                && message.lastIndexOf(" (") > 0) {
            // java.io's streams say "PATH (Is a directory)": the reason is in the brackets.
            return message.substring(message.lastIndexOf(" (") + 2, message.length() - 1);
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
