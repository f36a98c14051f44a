package org.sciloop.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which names a person may go by: one script's letters, so that none can pass for another's. */
class PersonNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "José", "o'brien-x", "Σοφία", "Ольга", "山田太郎", "yamada.たろう", "김민준",
            "lab_robot-2", "a@b"})
    void a_name_in_one_script_is_a_name(String name) {
        assertThat(PersonName.problem(name.replace("'", ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0430lice", "\u0430dmin", "Αlice", "ОlgaX", "-x", ".hidden", "", "a b", "a/b",
            "\uff41dmin", "\u2170van", "Jose\u0301", "ﬁona"})
    void a_name_that_could_pass_for_another_or_be_taken_for_something_else_is_refused(String name) {
        assertThat(PersonName.problem(name)).isPresent();
    }
}
