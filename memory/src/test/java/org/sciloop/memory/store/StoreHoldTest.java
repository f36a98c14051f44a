package org.sciloop.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a holder of a store's folder finds left in {@code open.lock}, and what it leaves there. */
class StoreHoldTest {
    private static final String LINE = "pid 1, sciloop memory add run, since 2026-12-06T20:00:00Z\n";
    private static final String WROTE = "writing since 2026-12-06T20:00:01Z\n";

    @TempDir
    Path dir;

    @Test
    void a_clean_let_go_leaves_nothing_and_the_next_holder_finds_nothing() throws IOException {
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(lock()).startsWith("pid " + ProcessHandle.current().pid() + ", ");
            hold.writing();
            assertThat(lock()).contains("\nwriting since ");
        }
        assertThat(lock()).isEmpty();
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftOpenBy()).isNull();
            assertThat(hold.leftWriting()).isFalse();
        }
    }

    @Test
    void a_line_left_names_a_holder_that_ended_whatever_its_pid_now_names() throws IOException {
        // pid 1 is alive, but the lock, taken, shows that it holds nothing: pids are reused.
        Files.writeString(dir.resolve("open.lock"), LINE);
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftOpenBy()).isEqualTo(LINE.strip());
            assertThat(hold.leftWriting()).as("it never said it wrote").isFalse();
        }
    }

    @Test
    void a_holder_that_takes_over_a_write_cut_off_says_it_writes_from_the_start() throws IOException {
        Files.writeString(dir.resolve("open.lock"), LINE + WROTE);
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftOpenBy()).isEqualTo(LINE.strip() + "; " + WROTE.strip());
            assertThat(hold.leftWriting()).isTrue();
            // Killed now, before it mended anything, it leaves the next holder the same to mend.
            assertThat(lock()).startsWith("pid " + ProcessHandle.current().pid() + ", ").contains("\nwriting since ");
        }
    }

    @Test
    void anything_but_a_holders_line_alone_is_taken_for_a_write_cut_off() throws IOException {
        String garbage = "x".repeat(10_000) + "\n" + LINE;
        Files.writeString(dir.resolve("open.lock"), garbage);
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftWriting()).isTrue();
            assertThat(hold.leftOpenBy()).hasSizeLessThanOrEqualTo(400).endsWith("...");
        }
        Files.write(dir.resolve("open.lock"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftWriting()).isTrue();
        }
    }

    @Test
    void work_that_failed_is_left_for_the_next_holder_to_mend() throws IOException {
        try (StoreHold hold = StoreHold.take(dir)) {
            hold.writing();
            hold.leaveForNext();
        }
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftOpenBy()).startsWith("pid " + ProcessHandle.current().pid() + ", ");
            assertThat(hold.leftWriting()).isTrue();
        }
        try (StoreHold hold = StoreHold.take(dir)) {
            assertThat(hold.leftOpenBy()).as("mended: let go of cleanly").isNull();
        }
    }

    private String lock() throws IOException {
        return Files.readString(dir.resolve("open.lock"));
    }
}
