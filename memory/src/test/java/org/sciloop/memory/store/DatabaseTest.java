package org.sciloop.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A store's failure said in a person's words, with what to do about it. */
class DatabaseTest {
    private final Database database = new Database(null, "the embedded store in /data", false);

    /**
     * Damage H2 meets only on a page a query reads (a tester changed 64 bytes mid-file: `list` answered, `search`
     * failed with a screenful of H2's words): said as damage, with the way out, in the words H2 gives as a cause.
     */
    @Test
    void damage_met_on_a_page_a_query_reads_is_said_as_damage_with_the_rebuild_that_mends_it() {
        SQLException unreadable = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Unable to read"
                + " the page at position 0x4800134e014, chunk chunk:12,block:498,len:2bf,pages:9c7 [2.5.252/6]\"; SQL"
                + " statement:\nSELECT 1 [50000-252]", "HY000", 50000);
        assertThat(database.failed(unreadable)).hasMessage("the campaign store (the embedded store in /data) is"
                + " damaged: a part of its file cannot be read (H2: Unable to read the page at position 0x4800134e014)."
                + " The traces are the record: 'sciloop memory rebuild' makes the store again from them");
        SQLException corrupted = new SQLException("File corrupted while reading record: \"type: 171\". Possible"
                + " solution: use the recovery tool [90030-252]", "90030", 90030);
        assertThat(database.failed(corrupted)).hasMessageContaining("(H2: File corrupted while reading record: \"type:"
                + " 171\")").hasMessageContaining("'sciloop memory rebuild'");
        assertThat(database.failed(new SQLException("Timeout trying to lock table {0}; SQL statement: SELECT 1",
                "HYT00", 50200))).hasMessageContaining("failed: Timeout trying to lock table; SQL statement")
                .hasMessageContaining("'sciloop memory rebuild'").hasMessageNotContaining("is damaged");
        // A write that failed (a tester filled the disk during an add) is not damage.
        SQLException full = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to"
                + " sun.nio.ch.FileChannelImpl@298959a7 failed; length 2473984 at 121868288 [2.5.252/2]\" [50000-252]",
                "HY000", 50000);
        assertThat(database.failed(full)).hasMessage("the campaign store (the embedded store in /data) could not"
                + " write to its file (H2 failed to write 2473984 bytes: is the disk full?): what this command wrote"
                + " was not kept, and the next command to open the store, once there is room, mends what the write"
                + " left and indexes from their traces the campaigns this one was asked to");
        // One it can only read is mended on a copy (a tester: a read-only store told to run a rebuild it refuses).
        assertThat(new Database(null, "the embedded store in /ro (read-only)", true).failed(new SQLException(
                "Timeout trying to lock table {0}", "HYT00", 50200))).hasMessageContaining("'sciloop memory rebuild'"
                + " makes it again from the traces (on a copy of the store where this process can write");
    }
}
