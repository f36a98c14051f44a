package org.sciloop.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sciloop.core.InputException;

/**
 * The claim of one service on a data folder with the embedded database: an operating-system lock on
 * {@code service.lock}, which names the process that holds it. It goes with the process, however it ends.
 */
final class DataFolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataFolderLock take(Path folder) {
        Path file = folder.resolve("service.lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;  // this very process holds it already
            }
            if (lock == null) {
                String holder = Files.readString(file).strip();
                channel.close();
                throw new InputException("--data " + folder + ": in use by another sciloop serve (" + (holder.isEmpty()
                        ? "see " + file : holder) + "); one service per data folder, or several on one --database");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " on "
                    + java.net.InetAddress.getLocalHost().getHostName() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DataFolderLock(channel, lock);
        } catch (IOException e) {
            throw new InputException("--data " + folder + ": cannot lock " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, or with the process
        }
    }
}
