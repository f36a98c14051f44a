package org.sciloop.cli;

import org.sciloop.core.InputException;

/** Checks of command-line values that picocli's types cannot express. */
final class Arguments {
    private Arguments() {
    }

    /** An optional count that, when given, must be at least 1. */
    static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new InputException(option + " must be a positive whole number, got " + value);
        }
    }
}
