package org.sciloop.core.tool;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.InUseException;
import org.sciloop.core.IoReason;

/**
 * One campaign at a time on a device ({@link Actuator#device()}), across the processes of this user on
 * this machine: an exclusive lock on a file named after the device, in {@link ConfigDirectory}'s
 * {@code reservations} folder. The operating system releases the lock when the process ends, however it
 * ends ({@code kill -9} included), so a crash never leaves a device reserved. The file says who holds it,
 * for the message a second campaign gets. (A campaign on another machine is the device's own interlock's
 * to refuse.)
 */
public final class DeviceReservation implements AutoCloseable {
    /** The lock covers one byte far past the holder's text, so that others can read the text on any system. */
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    /** File locks belong to the whole JVM: a second campaign in this process is refused by this set. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final String device;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private String holder;

    private DeviceReservation(String device, Path file, FileChannel channel, FileLock lock) {
        this.device = device;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Reserves {@code device} for this process, or throws {@link InUseException} naming who has it. */
    public static DeviceReservation take(String device) {
        Path folder = ConfigDirectory.path().resolve("reservations");
        Path file = folder.resolve(fileName(device));
        if (!HELD_HERE.add(device)) {
            throw busy(device, file);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(LOCKED_BYTE, 1, false);
            if (lock == null) {
                release(device, channel);
                throw busy(device, file);
            }
            DeviceReservation reservation = new DeviceReservation(device, file, channel, lock);
            reservation.describe("a campaign starting");
            return reservation;
        } catch (IOException e) {
            release(device, channel);
            throw new InUseException("cannot reserve " + device + " in " + file + ": " + IoReason.of(e));
        } catch (OverlappingFileLockException e) {
            release(device, channel);
            throw busy(device, file);
        }
    }

    /**
     * Who holds {@code device}'s reservation now, as its holder describes itself, or empty when no campaign
     * does: for a person about to act on the device by hand. Only looks: takes nothing.
     */
    public static Optional<String> holder(String device) {
        Path file = ConfigDirectory.path().resolve("reservations").resolve(fileName(device));
        if (HELD_HERE.contains(device)) {
            return Optional.of(holderIn(file));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(LOCKED_BYTE, 1, true);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
            return Optional.of(holderIn(file));
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.empty();  // no reservation file: nobody ever reserved it from this account
        }
    }

    /** Says who holds the reservation ({@code what}: the campaign and its trace), for a refused second one. */
    public synchronized void describe(String what) {
        holder = what + ", process " + ProcessHandle.current().pid() + " on " + host() + ", since " + Instant.now();
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((device + "\n" + holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // The lock is what reserves the device; the text only makes the refusal friendlier.
        }
    }

    public String device() {
        return device;
    }

    /** Who holds it, as {@link #describe} last said. */
    public synchronized String holder() {
        return holder;
    }

    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock all the same.
        }
        release(device, channel);
    }

    private static InUseException busy(String device, Path file) {
        return new InUseException(device + " is reserved by " + holderIn(file) + "; one campaign drives a device"
                + " at a time. Wait for it to end or pause it, then try again (the reservation is " + file + ")");
    }

    private static String holderIn(Path file) {
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            return lines.length > 1 ? lines[1] : "another campaign";
        } catch (IOException e) {
            return "another campaign";
        }
    }

    private static String fileName(String device) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(device.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".lock";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    private static void release(String device, FileChannel channel) {
        closeQuietly(channel);
        HELD_HERE.remove(device);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }
}
