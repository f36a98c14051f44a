package org.sciloop.memory.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.sciloop.core.InputException;
import org.sciloop.core.ServiceUnavailableException;

/**
 * Opening a campaign store ({@link CampaignStore#open}): where it is, and for an embedded one, holding its folder,
 * checking its file before anything writes to it, and mending what a process that ended holding it left.
 */
final class StoreOpening {
    private StoreOpening() {
    }

    /** What opening an embedded store may do with a file it finds damaged (one gone is made again from its list). */
    private enum IfDamaged {
        /** Refuse it, unless a process was killed as it wrote to it: that is what such a kill leaves, to mend. */
        REFUSE_UNLESS_KILLED,
        /** Make the store again from the traces its register lists (a person asked for a rebuild). */
        MAKE_AGAIN
    }

    static CampaignStore open(String location) {
        if (location == null || location.isBlank()) {
            String shared = System.getenv("SCILOOP_STORE");
            return shared != null && !shared.isBlank() ? open(shared)
                    : embedded(defaultFolder(), IfDamaged.REFUSE_UNLESS_KILLED);
        }
        if (location.startsWith("postgres://") || location.startsWith("postgresql://")) {
            return postgres(location);
        }
        if (location.startsWith("jdbc:")) {
            return connect(location, new Properties(), location.replaceAll("password=[^&;]*", "password=***"));
        }
        if (location.matches("(?i)postgres(ql)?:.*")) {
            throw new InputException("--store " + location.replaceAll(":[^:@/]*@", ":***@") + ": write"
                    + " postgres://user:password@host:port/database");
        }
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new InputException("--store " + location + ": not a store; give a folder (an embedded store),"
                    + " postgres://user:password@host:port/database, or a jdbc: URL");
        }
        return embedded(Path.of(location), IfDamaged.REFUSE_UNLESS_KILLED);
    }

    static CampaignStore openExisting(String location) {
        if (namesFolder(location) && !EmbeddedFolder.holdsStore(Path.of(location))
                && !TraceRegister.in(Path.of(location)).exists()) {
            throw new InputException("no campaign store in " + location + " (a store's folder holds "
                    + EmbeddedFolder.FILE + "; a run or 'sciloop memory add' makes one)");
        }
        return open(location);
    }

    static CampaignStore openToRebuild(String location) {
        String given = blank(location) ? System.getenv("SCILOOP_STORE") : location;
        if (!blank(given) && !namesFolder(given)) {
            return open(given);  // a server's store is re-indexed where it is
        }
        Path folder = blank(given) ? defaultFolder() : Path.of(given);
        if (!EmbeddedFolder.holdsStore(folder) && !TraceRegister.in(folder).exists()) {
            throw new InputException("no campaign store in " + folder + " (a store's folder holds "
                    + EmbeddedFolder.FILE + ", or the list of its traces " + TraceRegister.FILE + "; a run or"
                    + " 'sciloop memory add' makes one)");
        }
        return embedded(folder, IfDamaged.MAKE_AGAIN);
    }

    private static boolean namesFolder(String location) {
        return location != null && !location.isBlank() && !location.contains("://") && !location.startsWith("jdbc:")
                && !location.matches("(?i)postgres(ql)?:.*");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static Path defaultFolder() {
        String own = System.getenv("SCILOOP_DATA_HOME");
        if (!blank(own)) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = !blank(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("sciloop");
    }

    private static CampaignStore embedded(Path folder, IfDamaged ifDamaged) {
        Path absolute = EmbeddedFolder.prepare(folder);
        // A store on a disk this process cannot write (a read-only mount, an archive) is read where it lies.
        boolean writable = EmbeddedFolder.writable(absolute);
        if (!writable && !EmbeddedFolder.holdsStore(absolute)) {
            throw new InputException("no campaign store in " + absolute + ", and this process cannot make one"
                    + " there: it cannot write to the folder (--store or SCILOOP_DATA_HOME names another)");
        }
        StoreHold hold = StoreHold.take(absolute);
        try {
            if (hold.noRoom() != null) {
                return readWithNoRoom(absolute, hold);
            }
            // The first holder in this process checks and mends: the file is open here while another has it.
            if (hold.shared()) {
                return connectEmbedded(absolute, writable, hold);
            }
            if (!writable) {
                return saidIfBehindItsList(connectEmbedded(absolute, false, hold));
            }
            if (hold.leftWriting() && EmbeddedFolder.roomLeft(absolute) < EmbeddedFolder.roomToMakeAgain(absolute)) {
                return readWithoutRoomToMend(absolute, hold);
            }
            Rebuilt madeFromRegister = null;
            boolean fileWasThere = EmbeddedFolder.holdsStore(absolute);
            try {
                EmbeddedFolder.checkIntact(absolute, hold.leftOpenBy());  // a file gone is put right below
            } catch (EmbeddedFolder.Damaged damaged) {
                boolean killed = hold.leftWriting();
                if (TraceRegister.in(absolute).campaigns().isEmpty() || !killed && ifDamaged != IfDamaged.MAKE_AGAIN) {
                    throw damaged;  // its message says how to go on
                }
                if (killed) {
                    System.err.println("sciloop: the campaign store in " + absolute + " was left open by a process"
                            + " that ended as it wrote to it (" + hold.leftOpenBy() + "), and its file cannot be"
                            + " read; it is made again from the traces listed in " + TraceRegister.FILE
                            + ", the damaged file kept aside");
                }
                madeFromRegister = saidMadeAgain(Rebuilt.fromDamaged(absolute, hold), killed);
            }
            CampaignStore store = connectEmbedded(absolute, true, hold);
            if (madeFromRegister != null) {
                store.madeOnOpening(madeFromRegister);
            } else if (hold.leftWriting()) {
                store = rebuiltAfterKilledWriter(store, hold);
            } else {
                putRight(store, fileWasThere);
            }
            return store;
        } catch (ServiceUnavailableException e) {
            leaveWhatWasFound(hold);
            hold.close();
            throw EmbeddedFolder.openFailed(e, absolute);
        } catch (RuntimeException e) {
            leaveWhatWasFound(hold);
            hold.close();
            throw e;
        }
    }

    /**
     * {@code store} put right by the traces listed beside it ({@link TraceRegister#putRight}), saying
     * what was done. A register that cannot be read or written is said, and the store is opened all the same: it is
     * an aid to mending, and what would write to the store refuses in words until it can be written.
     */
    private static void putRight(CampaignStore store, boolean fileWasThere) {
        Path folder = store.folder().orElseThrow();
        TraceRegister.Mended mended;
        try {
            mended = TraceRegister.in(folder).putRight(store);
        } catch (ServiceUnavailableException e) {
            System.err.println("sciloop: " + e.getMessage() + "; the store is read as it is");
            return;
        }
        if (!mended.inStore().isEmpty()) {
            System.err.println("sciloop: the campaign store in " + folder + (fileWasThere
                    ? " lost writes (a disk that failed, or an older copy of its file put in its place)"
                    : " had no file (" + EmbeddedFolder.FILE + " was deleted or moved)") + "; put right by the traces"
                    + " listed in " + TraceRegister.FILE + ":");
            mended.inStore().forEach(line -> System.err.println("sciloop:   " + line));
        }
        if (!mended.inRegister().isEmpty()) {
            System.err.println("sciloop: " + folder.resolve(TraceRegister.FILE) + " did not name "
                    + mended.inRegister().size() + " of the campaigns the store holds as it holds them (it was"
                    + " emptied or spoiled); " + (mended.inRegister().size() == 1 ? "it is" : "they are")
                    + " listed again");
        }
    }

    /** {@code store}, which this process can only read, said when it is not what the traces listed beside it say. */
    private static CampaignStore saidIfBehindItsList(CampaignStore store) {
        int differ;
        try {
            differ = TraceRegister.in(store.folder().orElseThrow()).notAsListed(store);
        } catch (ServiceUnavailableException e) {
            return store;  // an aid to mending, which this process cannot do
        }
        if (differ > 0) {
            System.err.println("sciloop: the campaign store in " + store.folder().orElseThrow() + " is not as the"
                    + " traces listed in " + TraceRegister.FILE + " say for " + differ + " campaign" + (differ == 1
                    ? "" : "s") + " (its file lost writes); this process can only read it: a process that can write"
                    + " to it puts it right as it opens it (or copy the folder where you can write, and use the"
                    + " copy)");
        }
        return store;
    }

    /**
     * The store in {@code folder}, read as it is, since its disk has no room left for this process to say in
     * {@code open.lock} that it holds it (a tester's full disk had refused every command, {@code list} too): queries
     * answer, a write refuses in words, and nothing is mended until there is room.
     */
    private static CampaignStore readWithNoRoom(Path folder, StoreHold hold) {
        if (!EmbeddedFolder.holdsStore(folder)) {
            throw new ServiceUnavailableException("no room on the disk of " + folder + " to make the campaign store"
                    + " there (" + hold.noRoom() + "); once there is room, do it again", null);
        }
        return readAsItIs(folder, hold, "its disk has no room left (" + hold.noRoom() + "); once there is room, do"
                + " it again");
    }

    /**
     * The store in {@code folder}, left by a process that ended as it wrote, read as it is, since its disk has too
     * little room to make it again: an attempt would fail, and grow the file as H2 opens it to write (a tester's
     * nearly full disk: every command, {@code list} too, tried, failed and grew the file, until the disk was full).
     * Said with the ways out: room freed there, or the folder copied to a disk with room and used there.
     */
    private static CampaignStore readWithoutRoomToMend(Path folder, StoreHold hold) {
        hold.leaveForNext();  // for a process with room to mend
        return readAsItIs(folder, hold, "it was left open by a process that ended as it wrote to it ("
                + hold.leftOpenBy() + "), and making it again from its traces needs about "
                + EmbeddedFolder.roomToMakeAgain(folder) / 1024 + " kB free on its disk, which has "
                + EmbeddedFolder.roomLeft(folder) / 1024 + " kB: free room there, or copy the folder to a disk with"
                + " room and use the copy (--store), where the next command makes it again");
    }

    /**
     * The store in {@code folder}, which this process could write, opened to read only: a write refuses saying
     * {@code why}, which the console is told first (once in this process).
     */
    private static CampaignStore readAsItIs(Path folder, StoreHold hold, String why) {
        CampaignStore store;
        try {
            store = connectEmbedded(folder, false, hold);
        } catch (RuntimeException unreadable) {
            throw new ServiceUnavailableException("the campaign store in " + folder + " cannot be read as it is: "
                    + why, unreadable);
        }
        if (!hold.shared()) {
            System.err.println("sciloop: the campaign store in " + folder + " is read as it is: " + why);
        }
        store.readOnlyBecause(why);
        return store;
    }

    /** A store left open that could not be mended is left as found, for the next process to try again. */
    private static void leaveWhatWasFound(StoreHold hold) {
        if (hold.leftOpenBy() != null && !hold.shared()) {
            hold.leaveForNext();
        }
    }

    private static CampaignStore connectEmbedded(Path folder, boolean writable, StoreHold hold) {
        CampaignStore store = writable
                ? connect(EmbeddedFolder.url(folder), new Properties(), "the embedded store in " + folder)
                : connect(EmbeddedFolder.readOnlyUrl(folder), new Properties(),
                        "the embedded store in " + folder + " (read-only)");
        store.heldIn(folder, hold);
        return store;
    }

    /**
     * {@code store}, made again from its traces, since the process that held it last was killed, or stopped by a
     * signal, as it wrote to it: H2 may keep the rows of a write cut off locked for good, with its indexes out of
     * step with its tables (measured: 2 of 4 {@code memory add} of a 25,000-experiment trace killed 18 to 19 s into
     * its 21 s; {@code list} answered, {@code show} of that campaign said a table was locked). Made again in a new
     * file, they are free; nothing is lost, since the traces are the record.
     */
    private static CampaignStore rebuiltAfterKilledWriter(CampaignStore store, StoreHold hold) {
        Path folder = store.folder().orElseThrow();
        System.err.println("sciloop: the campaign store in " + folder + " was left open by a process that ended as"
                + " it wrote to it, killed, stopped by a signal or failing to write (" + hold.leftOpenBy() + "), which"
                + " can leave rows locked; it is made again from the traces first, as 'sciloop memory rebuild' does");
        Rebuilt rebuilt;
        try {
            rebuilt = saidMadeAgain(store.rebuild(), true);
        } catch (RuntimeException e) {
            store.closeConnection();
            hold.leaveForNext();
            System.err.println("sciloop: the campaign store in " + folder + " could not be made again from the"
                    + " traces after a process ended as it wrote to it: " + e.getMessage());
            // Queries need not wait for it (a tester's full disk had every command, list too, fail so).
            return readAsItIs(folder, hold, "it could not be made again after a process ended as it wrote to it;"
                    + " the next command that opens it tries again");
        }
        CampaignStore again = connectEmbedded(folder, true, hold);
        again.madeOnOpening(rebuilt);
        return again;
    }

    /** {@code rebuilt}, said on the console when the store was made again unasked. */
    private static Rebuilt saidMadeAgain(Rebuilt rebuilt, boolean unasked) {
        if (unasked) {
            rebuilt.lost().forEach(l -> System.err.println("sciloop: left out of the store made again: " + l));
            System.err.println("sciloop: made again " + rebuilt.summary());
        }
        return rebuilt;
    }

    private static CampaignStore postgres(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new InputException("--store: '" + location.replaceAll(":[^:@/]*@", ":***@") + "' is not a URL ("
                    + e.getReason() + ")");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new InputException("--store: write postgres://user:password@host:port/database, got '"
                    + location.replaceAll(":[^:@/]*@", ":***@") + "'");
        }
        if (uri.getPort() > 65535) {
            throw new InputException("--store: port " + uri.getPort() + " in '" + location.replaceAll(":[^:@/]*@",
                    ":***@") + "' is beyond 65535");
        }
        Properties properties = new Properties();
        if (uri.getRawUserInfo() != null) {
            String[] user = uri.getRawUserInfo().split(":", 2);
            properties.setProperty("user", URLDecoder.decode(user[0], StandardCharsets.UTF_8));
            if (user.length == 2) {
                properties.setProperty("password", URLDecoder.decode(user[1], StandardCharsets.UTF_8));
            }
        }
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        return connect("jdbc:postgresql://" + where + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                properties, "PostgreSQL at " + where);
    }

    private static CampaignStore connect(String url, Properties properties, String description) {
        try {
            return new CampaignStore(DriverManager.getConnection(url, properties), description);
        } catch (SQLException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            // "The connection attempt failed." says less than its cause ("UnknownHostException: labdb").
            String why = cause == e ? "" : " (" + cause + ")";
            throw new ServiceUnavailableException("cannot open the campaign store (" + description + "): "
                    + e.getMessage() + why, e);
        }
    }
}
