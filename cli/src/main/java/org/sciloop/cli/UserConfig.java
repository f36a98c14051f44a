package org.sciloop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.trace.PersonName;
import org.sciloop.core.trace.PersonalKey;
import org.sciloop.core.trace.TraceSigner;

/** The user's sciloop configuration directory ({@link ConfigDirectory}) and the signing key it holds. */
final class UserConfig {
    private UserConfig() {
    }

    static Path directory() {
        return ConfigDirectory.path();
    }

    /** The key that signs this user's traces, made on first use. */
    static TraceSigner signer() {
        return TraceSigner.inDirectory(directory());
    }

    /**
     * {@code person}'s own key, made on first use under {@code people/<person>}: what they decide is signed by
     * them, not by the machine. (On a shared account each person's folder is theirs by convention only; the
     * lab service gives each a key of their own.)
     */
    static PersonalKey personalKey(String person) {
        return PersonalKey.of(person, directory().resolve("people").resolve(person));
    }

    /**
     * Someone who acts here ({@code --as NAME}): a person with a key on this machine, or the login itself (its
     * key is made on first use). Any other name is refused, so that a typo never becomes a new person, and so is
     * a name that differs from a known one only in case.
     */
    static String knownPerson(String option, String name) {
        personName(option, name);
        List<String> people = people();
        if (people.contains(name)) {
            return name;
        }
        refuseCaseVariant(option, name, people);
        if (name.equals(System.getProperty("user.name"))) {
            return name;
        }
        throw new InputException(option + " " + name + ": nobody of that name has a key on this machine ("
                + (people.isEmpty() ? "nobody has one yet" : "people with keys: " + String.join(", ", people))
                + "); a new person makes theirs first with 'sciloop key --user " + name + "'");
    }

    /** A name for a key: any valid name but one that differs from a known person's only in case. */
    static String newPerson(String option, String name) {
        personName(option, name);
        List<String> people = people();
        if (!people.contains(name)) {
            refuseCaseVariant(option, name, people);
        }
        return name;
    }

    private static void refuseCaseVariant(String option, String name, List<String> people) {
        people.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst().ifPresent(p -> {
            throw new InputException(option + " " + name + ": differs from " + p + ", who has a key here, only in"
                    + " case; one person has one name (use " + option + " " + p + ")");
        });
    }

    /** The people with a key on this machine, sorted. */
    private static List<String> people() {
        Path folder = directory().resolve("people");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list the people with keys in " + folder + ": " + IoReason.of(e));
        }
    }

    /** A person's name as sciloop records it ({@link PersonName}). */
    static String personName(String option, String name) {
        PersonName.problem(name).ifPresent(problem -> {
            throw new InputException(option + ": a person's name is " + problem);
        });
        return name;
    }

    /** This user's public key, if a key was ever made; makes none. */
    static Optional<String> ownPublicKey() {
        return TraceSigner.publicKeyIn(directory());
    }
}
