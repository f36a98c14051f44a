package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mutational fuzzer for one reader: it takes valid files (the seeds), changes each a few times the way
 * hands, editors and broken disks do (lines lost, doubled or swapped, a token replaced by a hostile value,
 * a byte flipped, the file cut short, lines spliced from another seed), hands each result to the reader
 * through the command line's own error handling, and holds every outcome to the command line's promise: it
 * is accepted, or refused with the expected exit code and a message that names the file and the line. A
 * stack trace, an exit code of 3, an {@link Error} (stack overflow, out of memory) or an input with no answer
 * within {@link #HANG} are defects; each is kept under {@code target/fuzz/} to be replayed.
 */
final class Fuzzer {
    /** Far longer than any reader needs for a file this size: past it an input is taken to hang. */
    static final long HANG = TimeUnit.SECONDS.toNanos(20);

    /** Tokens worth trying anywhere: empty, extreme, ill-typed, and the syntax that breaks parsers. */
    static final List<String> HOSTILE = List.of("", " ", "\t", "~", "null", "true", "no", "0", "-0", "-1", "0.5",
            "1e309", "-1e309", "NaN", ".nan", ".inf", "-.inf", "9223372036854775808", "2147483648", "1000000000",
            "99999999999999999999999", "0x1F", "1_000", "'", "\"", "\"\"", "[", "]", "{", "}", "[]", "{}", ",", ":",
            "#", "&a", "*a", "<<: *a", "!!binary", "!!float", "!!java.io.File", "---", "...", "|", ">", "? ",
            "- ", "%YAML 1.1", "\\u0000", "\u0000", "\r", "\u00e9\u00df\u4e2d", "\ud83d\ude00", "\ufeff",
            "x".repeat(5000), "[".repeat(2000), "{a: ".repeat(500), "- ".repeat(500), "\"\\", "\\");

    /** What an input may come to, as the command line would end. */
    enum Kind { ACCEPTED, REFUSED, DEFECT }

    /** The counts of one fuzz run, printed for the build log. */
    record Counts(String reader, int inputs, int accepted, int refused, int defects, long nanos, long slowestNanos) {
        @Override
        public String toString() {
            return String.format("fuzz %s: %,d generated inputs in %.1f s: %,d accepted, %,d refused with exit code"
                    + " and file:line, %,d defects; slowest input %.0f ms", reader, inputs, nanos / 1e9, accepted,
                    refused, defects, slowestNanos / 1e6);
        }
    }

    /** The reader under test: it reads {@code file} as the command line would, throwing what it throws. */
    interface Reader {
        void read(Path file) throws Exception;
    }

    private final String name;
    private final List<String> seeds;
    private final List<String> dictionary;
    private final Random random;
    private final Path failures;

    /**
     * @param dictionary the reader's own words (keys, names, types) to splice in beside {@link #HOSTILE}
     */
    Fuzzer(String name, List<String> seeds, List<String> dictionary, long seed, Path failures) {
        this.name = name;
        this.seeds = List.copyOf(seeds);
        this.dictionary = concat(dictionary, HOSTILE);
        this.random = new Random(seed);
        this.failures = failures.resolve(name);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Runs {@code inputs} generated inputs through {@code reader}, each written to {@code file} first.
     *
     * @param expectedExit the exit code a refusal must have
     * @param located how a refusal's message names the place: given the message, whether it does
     * @param postcondition checked on each input the reader accepted (true: as it should be)
     */
    Counts run(int inputs, Path file, Reader reader, Set<Integer> expectedExit, Predicate<String> located,
               Predicate<String> postcondition) throws Exception {
        // A seed the reader refuses would keep the mutations at the door: every seed must be read as it is.
        for (String seed : seeds) {
            Files.writeString(file, seed);
            Outcome asItIs = outcome(reader, file, seed, expectedExit, located, postcondition);
            if (asItIs.kind() != Kind.ACCEPTED) {
                throw new AssertionError(name + ": a seed is not accepted: " + asItIs.detail() + "\n" + seed);
            }
        }
        int accepted = 0;
        int refused = 0;
        List<String> defects = new ArrayList<>();
        long slowest = 0;
        long began = System.nanoTime();
        // Each input is read on a worker: one that hangs is reported and abandoned, not waited for forever.
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < inputs && defects.size() < 20; i++) {
                String input = mutate(seeds.get(random.nextInt(seeds.size())));
                Files.write(file, input.getBytes(StandardCharsets.UTF_8));
                long start = System.nanoTime();
                Future<Outcome> reading = worker.submit(() -> outcome(reader, file, input, expectedExit, located,
                        postcondition));
                Outcome outcome;
                try {
                    outcome = reading.get(HANG, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    defects.add(keep(defects.size(), input, String.valueOf(e.getCause())));
                    continue;
                } catch (TimeoutException e) {
                    defects.add(keep(defects.size(), input, "no answer within " + HANG / 1_000_000_000 + " s"));
                    break;  // the worker is stuck on it
                }
                slowest = Math.max(slowest, System.nanoTime() - start);
                switch (outcome.kind()) {
                    case ACCEPTED -> accepted++;
                    case REFUSED -> refused++;
                    case DEFECT -> defects.add(keep(defects.size(), input, outcome.detail()));
                }
            }
        } finally {
            worker.shutdownNow();
        }
        Counts counts = new Counts(name, accepted + refused + defects.size(), accepted, refused, defects.size(),
                System.nanoTime() - began, slowest);
        System.out.println(counts);
        if (!defects.isEmpty()) {
            throw new AssertionError(counts + "\n" + String.join("\n", defects));
        }
        return counts;
    }

    private record Outcome(Kind kind, String detail) {
    }

    private static Outcome outcome(Reader reader, Path file, String input, Set<Integer> expectedExit,
                                   Predicate<String> located, Predicate<String> postcondition) {
        try {
            reader.read(file);
        } catch (Exception e) {
            StringWriter printed = new StringWriter();
            int exit = SciloopCommand.report(e, new PrintWriter(printed, true));
            String message = printed.toString();
            if (!expectedExit.contains(exit)) {
                return new Outcome(Kind.DEFECT, "exit " + exit + ":\n" + message);
            }
            if (!located.test(message)) {
                return new Outcome(Kind.DEFECT, "no file:line in: " + message);
            }
            return new Outcome(Kind.REFUSED, message);
        } catch (StackOverflowError | OutOfMemoryError e) {
            return new Outcome(Kind.DEFECT, e.toString());
        }
        return postcondition.test(input) ? new Outcome(Kind.ACCEPTED, "")
                : new Outcome(Kind.DEFECT, "accepted, though it must not be");
    }

    /** Writes a defect's input and what happened beside it; returns the line for the failure message. */
    private String keep(int n, String input, String detail) throws IOException {
        Files.createDirectories(failures);
        Path in = failures.resolve("input-" + n + ".txt");
        Files.writeString(in, input);
        Files.writeString(failures.resolve("input-" + n + ".why.txt"), detail);
        return "  " + in + ": " + firstLines(detail);
    }

    private static String firstLines(String text) {
        return text.lines().limit(6).reduce((a, b) -> a + "\n    " + b).orElse("");
    }

    // ---- mutations ----

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.+-]+");

    /** One to five stacked mutations of a seed. */
    String mutate(String seed) {
        String text = seed;
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            text = mutateOnce(text);
        }
        return text;
    }

    private String mutateOnce(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(12)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
            case 2 -> {
                int other = random.nextInt(lines.size());
                String swap = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, swap);
            }
            case 3 -> lines.set(at, replaceToken(lines.get(at), word()));
            case 4 -> lines.set(at, replaceToken(lines.get(at), token(text)));
            case 5 -> {
                return text.isEmpty() ? text : text.substring(0, random.nextInt(text.length()));
            }
            case 6 -> {
                return insert(text, word());
            }
            case 7 -> {
                return flipByte(text);
            }
            case 8 -> lines.set(at, indent(lines.get(at)));
            case 9 -> {
                String donor = seeds.get(random.nextInt(seeds.size()));
                String[] donorLines = donor.split("\n", -1);
                lines.add(at, donorLines[random.nextInt(donorLines.length)]);
            }
            case 10 -> lines.set(at, lines.get(at) + word());
            default -> {
                // A digit changed: a number out of range, a hash that no longer matches, a line number off by one.
                return changeDigit(text);
            }
        }
        return String.join("\n", lines);
    }

    private String word() {
        return dictionary.get(random.nextInt(dictionary.size()));
    }

    private String token(String text) {
        Matcher m = TOKEN.matcher(text);
        List<String> tokens = new ArrayList<>();
        while (m.find() && tokens.size() < 2000) {
            tokens.add(m.group());
        }
        return tokens.isEmpty() ? word() : tokens.get(random.nextInt(tokens.size()));
    }

    private String replaceToken(String line, String replacement) {
        Matcher m = TOKEN.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return line + replacement;
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        return line.substring(0, s[0]) + replacement + line.substring(s[1]);
    }

    private String insert(String text, String what) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return text.substring(0, at) + what + text.substring(at);
    }

    private String flipByte(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        char c = (char) (text.charAt(at) ^ (1 << random.nextInt(7)));
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private String changeDigit(String text) {
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < text.length() && digits.size() < 5000; i++) {
            if (Character.isDigit(text.charAt(i))) {
                digits.add(i);
            }
        }
        if (digits.isEmpty()) {
            return flipByte(text);
        }
        int at = digits.get(random.nextInt(digits.size()));
        return text.substring(0, at) + (char) ('0' + random.nextInt(10)) + text.substring(at + 1);
    }

    private String indent(String line) {
        return random.nextBoolean() ? " ".repeat(1 + random.nextInt(4)) + line : line.stripLeading();
    }
}
