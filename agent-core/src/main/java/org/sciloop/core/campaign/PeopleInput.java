package org.sciloop.core.campaign;

import java.util.List;
import java.util.Optional;
import org.sciloop.core.trace.PersonalKey;

/**
 * What people bring to a campaign when it goes on: results of experiments they ran ({@code told}) and
 * decisions on experiments that wait for approval ({@code decisions}), all by {@code person}, who signs each.
 */
public record PeopleInput(Optional<PersonalKey> person, List<ToldResult> told, List<Decision> decisions) {
    public PeopleInput {
        told = List.copyOf(told);
        decisions = List.copyOf(decisions);
        if ((!told.isEmpty() || !decisions.isEmpty()) && person.isEmpty()) {
            throw new IllegalArgumentException("what people tell or decide is signed by who does it");
        }
    }

    /** A person's approval or denial of an experiment that waits for one. */
    public record Decision(String experimentId, boolean approved, String reason) {
    }

    public static PeopleInput none() {
        return new PeopleInput(Optional.empty(), List.of(), List.of());
    }

    public static PeopleInput told(PersonalKey person, List<ToldResult> told) {
        return new PeopleInput(Optional.of(person), told, List.of());
    }

    public static PeopleInput decided(PersonalKey person, List<Decision> decisions) {
        return new PeopleInput(Optional.of(person), List.of(), decisions);
    }
}
