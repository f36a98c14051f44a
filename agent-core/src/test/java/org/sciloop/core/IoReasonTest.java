package org.sciloop.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operating system's reason, never the path again ("cannot write X: X"). */
class IoReasonTest {
    @TempDir
    Path dir;

    @Test
    void the_reason_is_taken_from_the_exception_type_or_its_brackets_not_the_path() {
        IOException missing = catchThrowableOfType(IOException.class,
                () -> Files.readString(dir.resolve("absent/file.csv")));
        IOException folder = catchThrowableOfType(IOException.class,
                () -> new FileOutputStream(dir.toFile()).close());
        IOException notFolder = catchThrowableOfType(IOException.class, () -> {
            Path file = Files.writeString(dir.resolve("plain"), "x");
            Files.writeString(file.resolve("inside"), "y");
        });

        assertThat(IoReason.of(missing)).isEqualTo("no such file or directory");
        assertThat(IoReason.of(folder)).isEqualTo("Is a directory");
        assertThat(IoReason.of(notFolder)).doesNotContain(dir.toString()).isEqualTo("Not a directory");
    }
}
