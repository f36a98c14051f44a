package org.sciloop.tools.runner;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which word of a command is the file an interpreter runs: its first word that is not an option or an option's value
 * ({@code [python3, -W, ignore, ./sim.py]}), read by the options each interpreter documents. {@code env} is read
 * through: its assignments and options are passed over, and the program it starts is the file, or, if that is an
 * interpreter, that one's script is ({@code [env, PYTHONPATH=lib, python3, ./sim.py]}). An option not on these lists
 * that takes a value hides the script: nothing is then said of it, as for any other program.
 */
final class Interpreters {
    /** A command's word that names a file to run: a script, or the program {@code env} starts. */
    record Named(int index, boolean program) {
    }

    /** One kind of interpreter: the options that give the code itself, and those that take the next word. */
    private record Kind(Pattern names, Set<String> codeGiven, Set<String> takesValue) {
    }

    private static final Pattern ENV = Pattern.compile("env");
    /** {@code env}'s own options: {@code -S} gives the command as one string, which is not read here. */
    private static final Kind ENV_OPTIONS = new Kind(ENV, Set.of("-S", "--split-string"),
            Set.of("-u", "--unset", "-C", "--chdir"));
    /** Standard input ({@code -}) gives the code to every one of them. */
    private static final List<Kind> KINDS = List.of(
            new Kind(Pattern.compile("python[0-9.]*"), Set.of("-c", "-m", "-"),
                    Set.of("-W", "-X", "--check-hash-based-pycs")),
            new Kind(Pattern.compile("sh|bash|dash|zsh|ksh"), Set.of("-c", "-s", "-"),
                    Set.of("-o", "+o", "-O", "+O", "--rcfile", "--init-file")),
            new Kind(Pattern.compile("node"), Set.of("-e", "--eval", "-p", "--print", "-"),
                    Set.of("-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions",
                            "--input-type")),
            new Kind(Pattern.compile("perl"), Set.of("-e", "-E", "-"), Set.of("-I")),
            new Kind(Pattern.compile("ruby"), Set.of("-e", "-"), Set.of("-I", "-r", "-C")),
            new Kind(Pattern.compile("Rscript"), Set.of("-e", "-"), Set.of()),
            new Kind(Pattern.compile("julia"), Set.of("-e", "-E", "--eval", "--print", "-"),
                    Set.of("-L", "--load", "-t", "--threads", "-p", "--procs", "-J", "--sysimage")),
            new Kind(Pattern.compile("php"), Set.of("-r", "-"), Set.of("-c", "-d", "-z")),
            new Kind(Pattern.compile("lua"), Set.of("-e", "-"), Set.of("-l")),
            new Kind(Pattern.compile("tclsh"), Set.of("-"), Set.of()));

    private Interpreters() {
    }

    /** The word of {@code command} that names the file its interpreter runs, if it is one's and names one. */
    static Optional<Named> fileRun(List<String> command) {
        Optional<Kind> kind = kind(command.get(0));
        if (kind.isPresent()) {
            return script(command, 1, kind.get());
        }
        return ENV.matcher(name(command.get(0))).matches() ? startedByEnv(command) : Optional.empty();
    }

    private static Optional<Named> startedByEnv(List<String> command) {
        for (int i = 1; i < command.size(); i++) {
            String word = command.get(i);
            Reads reads = reads(word, ENV_OPTIONS);
            if (reads == Reads.CODE) {
                return Optional.empty();
            }
            if (reads == Reads.VALUE_NEXT) {
                i++;
            } else if (reads == Reads.NOT_AN_OPTION && !word.contains("=")) {
                Optional<Kind> kind = kind(word);
                return kind.isPresent() ? script(command, i + 1, kind.get()) : Optional.of(new Named(i, true));
            }
        }
        return Optional.empty();
    }

    private static Optional<Named> script(List<String> command, int from, Kind kind) {
        for (int i = from; i < command.size(); i++) {
            Reads reads = reads(command.get(i), kind);
            if (reads == Reads.CODE) {
                return Optional.empty();
            }
            if (reads == Reads.VALUE_NEXT) {
                i++;
            } else if (reads == Reads.NOT_AN_OPTION) {
                return Optional.of(new Named(i, false));
            }
        }
        return Optional.empty();
    }

    /** What a word is to an interpreter of some kind. */
    private enum Reads { NOT_AN_OPTION, OPTIONS, VALUE_NEXT, CODE }

    /**
     * How {@code kind} reads {@code word}: a long option by its name; short ones as getopt reads them, run together
     * ({@code -eo}, {@code -uc}): flags, until one gives the code (in the rest of the word, or the next) or takes a
     * value (the rest of the word, or, at its end, the next word).
     */
    private static Reads reads(String word, Kind kind) {
        if (kind.codeGiven().contains(word)) {
            return Reads.CODE;
        }
        if (kind.takesValue().contains(word)) {
            return Reads.VALUE_NEXT;
        }
        if (word.startsWith("--")) {
            return Reads.OPTIONS;  // --opt=value, or a long option that takes nothing
        }
        if (word.length() < 2 || !(word.charAt(0) == '-' || word.charAt(0) == '+')) {
            return Reads.NOT_AN_OPTION;
        }
        for (int j = 1; j < word.length(); j++) {
            String option = word.charAt(0) + String.valueOf(word.charAt(j));
            if (kind.codeGiven().contains(option)) {
                return Reads.CODE;
            }
            if (kind.takesValue().contains(option)) {
                return j == word.length() - 1 ? Reads.VALUE_NEXT : Reads.OPTIONS;
            }
        }
        return Reads.OPTIONS;
    }

    private static Optional<Kind> kind(String program) {
        String name = name(program);
        return KINDS.stream().filter(k -> k.names().matcher(name).matches()).findFirst();
    }

    private static String name(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}
