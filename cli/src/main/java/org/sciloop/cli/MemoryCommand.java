package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Passages;
import org.sciloop.memory.store.Rebuilt;
import org.sciloop.memory.store.CampaignStore.Filter;
import org.sciloop.memory.store.CampaignStore.Listed;
import org.sciloop.memory.store.CampaignStore.StoredHypothesis;
import org.sciloop.memory.store.Condition;
import org.sciloop.memory.store.Contradictions;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.TraceCheck;
import org.sciloop.memory.store.TraceIndexer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "memory", description = {
        "The campaign store: every campaign's trace indexed, across runs.",
        "Campaigns go in when they end or pause (unless their scenario says 'memory: {index: false}') and with",
        "'memory add'. The traces stay the record: 'memory rebuild' makes the store again from them and says which",
        "no longer verify. Embedded by default (a folder under ~/.local/share/sciloop; SCILOOP_DATA_HOME moves",
        "it); --store or SCILOOP_STORE names another: a folder, or postgres://user:password@host:port/db."},
        subcommands = {MemoryCommand.Add.class, MemoryCommand.ListCampaigns.class, MemoryCommand.Show.class,
            MemoryCommand.Search.class, MemoryCommand.Recall.class, MemoryCommand.Hypotheses.class,
            MemoryCommand.Rebuild.class, MemoryCommand.Remove.class})
final class MemoryCommand {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private MemoryCommand() {
    }

    /** Which store: {@code --store}, else {@code $SCILOOP_STORE}, else the embedded one in the data folder. */
    static final class StoreOption {
        @Option(names = "--store", paramLabel = "STORE", description = {"the campaign store: a folder (embedded), or"
                + " postgres://user:password@host:port/db (default: $SCILOOP_STORE, else the embedded store in"
                + " the data folder)"})
        String location;

        CampaignStore open() {
            return CampaignStore.open(location);
        }

        /** The store, for a command that only reads: a folder given that holds no store is refused, not made one. */
        CampaignStore openToRead() {
            return given(CampaignStore::openExisting);
        }

        /** The store, to rebuild: as {@link #openToRead()}, but one whose file is damaged or gone is made again. */
        CampaignStore openToRebuild() {
            return given(CampaignStore::openToRebuild);
        }

        /** The store {@code opening} finds at the location given, a mistake in it said as the option's. */
        private CampaignStore given(java.util.function.Function<String, CampaignStore> opening) {
            try {
                return opening.apply(location);
            } catch (InputException e) {
                throw location == null || e.getMessage().startsWith("--store") ? e
                        : new InputException("--store: " + e.getMessage());
            }
        }
    }

    /** The campaign filters that several subcommands take. */
    static final class Filters {
        @Option(names = "--scenario", paramLabel = "NAME", description = "only campaigns of this scenario")
        String scenario;

        @Option(names = "--tool", paramLabel = "NAME", description = "only campaigns with this tool")
        String tool;

        @Option(names = "--planner", paramLabel = "NAME", description = "only campaigns with this planner")
        String planner;

        @Option(names = "--person", paramLabel = "NAME", description = "only campaigns this person told results to"
                + " or decided approvals in")
        String person;

        @Option(names = "--since", paramLabel = "DATE", description = "only campaigns started on or after DATE"
                + " (YYYY-MM-DD, UTC, or an instant such as 2026-12-01T08:00:00Z)")
        String since;

        @Option(names = "--until", paramLabel = "DATE", description = "only campaigns started before DATE")
        String until;

        @Option(names = "--parameter", paramLabel = "NAME", split = ",", description = "only campaigns whose space has"
                + " this parameter; repeatable (all of them)")
        List<String> parameters = new ArrayList<>();

        Filter filter() {
            if (parameters.stream().anyMatch(String::isBlank)) {
                throw new InputException("--parameter: give a parameter's name");
            }
            Optional<Instant> from = Optional.ofNullable(since).map(d -> instant("--since", d));
            Optional<Instant> to = Optional.ofNullable(until).map(d -> instant("--until", d));
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw new InputException("--since " + since + " is not before --until " + until + ": no campaign"
                        + " could match");
            }
            return new Filter(Optional.ofNullable(scenario), Optional.ofNullable(tool), Optional.ofNullable(planner),
                    Optional.ofNullable(person), from, to, parameters);
        }

        /**
         * For an answer that found nothing: each of --scenario, --tool and --planner that no campaign of the store
         * has, with the names it does have (a misspelt scenario otherwise reads as "nothing found").
         */
        void sayNamesNoCampaignHas(CampaignStore store, PrintWriter out) {
            Map<CampaignStore.Named, String> given = new java.util.EnumMap<>(CampaignStore.Named.class);
            given.put(CampaignStore.Named.SCENARIO, scenario);
            given.put(CampaignStore.Named.TOOL, tool);
            given.put(CampaignStore.Named.PLANNER, planner);
            given.forEach((what, asked) -> {
                if (asked == null) {
                    return;
                }
                List<String> names = store.names(what).stream().sorted(java.util.Comparator.comparingInt(
                        (String n) -> edits(n, asked)).thenComparing(n -> n)).toList();
                if (!names.contains(asked)) {
                    out.printf("  no campaign of the store has %s '%s'%s%n", what.name().toLowerCase(Locale.ROOT),
                            asked, names.isEmpty() ? ""
                                    : "; the closest it has: " + String.join(", ", names.stream().limit(5).toList()));
                }
            });
        }

        /** The fewest single-character edits that turn {@code a} into {@code b} (Levenshtein's distance). */
        private static int edits(String a, String b) {
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                row[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int above = row[j];
                    row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                            diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                    diagonal = above;
                }
            }
            return row[b.length()];
        }

        private static Instant instant(String option, String text) {
            try {
                return text.contains("T") ? Instant.parse(text)
                        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new InputException(option + " " + text + ": not a date; write YYYY-MM-DD (UTC) or an instant"
                        + " such as 2026-12-01T08:00:00Z");
            }
        }
    }

    @Command(name = "add", description = {"Index campaigns in the store (again, if they are there: a resumed"
            + " campaign's trace has grown).", "Only a trace whose hash chain is intact goes in."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "run folders (or their trace.jsonl)")
        List<Path> runs;

        @Option(names = "--replace", description = {"replace a campaign's record even from a trace that does not"
                + " extend the one it was indexed from", "(by default refused: a trace cut short or rewritten does"
                + " not replace a longer record)"})
        boolean replace;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // Every trace is read before the store is touched: one that does not verify adds none.
            List<IndexedCampaign> campaigns = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (Path run : runs) {
                if (!Files.exists(run)) {
                    refused.add("no run folder or trace at " + run);
                    continue;
                }
                if (Files.isDirectory(run) && !Files.exists(CampaignLauncher.traceOf(run))) {
                    refused.add(run + " holds no " + CampaignFiles.TRACE + runsInside(run));
                    continue;
                }
                try {
                    campaigns.add(TraceIndexer.read(CampaignLauncher.traceOf(run)));
                } catch (InputException e) {
                    refused.add(e.getMessage());
                }
            }
            if (!refused.isEmpty()) {
                refused.forEach(r -> err.println("sciloop: " + r));
                err.printf("nothing was added: %d of %d %s could not be indexed%n", refused.size(), runs.size(),
                        runs.size() == 1 ? "trace" : "traces");
                return ExitCode.BAD_INPUT;
            }
            try (CampaignStore s = store.open()) {
                for (IndexedCampaign c : campaigns) {
                    try {
                        if (!replace) {
                            s.checkExtends(c);
                        }
                    } catch (InputException e) {
                        refused.add(e.getMessage());
                    }
                }
                if (!refused.isEmpty()) {
                    refused.forEach(r -> err.println("sciloop: " + r));
                    err.printf("nothing was added: %d of %d %s would replace a record it does not extend%n",
                            refused.size(), runs.size(), runs.size() == 1 ? "trace" : "traces");
                    return ExitCode.BAD_INPUT;
                }
                for (IndexedCampaign c : campaigns) {
                    boolean added = s.index(c, true);
                    out.printf("%s %s (%s, %d experiments, %d hypotheses) from %s%n", added ? "added  " : "updated",
                            c.id(), c.scenario(), c.experiments(), c.hypotheses().size(), c.trace());
                }
                int held = s.campaigns(Filter.all()).size();
                out.printf("%d campaign%s indexed; %s holds %d%n", campaigns.size(), campaigns.size() == 1 ? "" : "s",
                        s.description(), held);
            }
            return ExitCode.OK;
        }
    }

    /** Where a folder given in place of run folders holds some: "; 3 of its folders do: ...". */
    private static String runsInside(Path folder) {
        try (java.util.stream.Stream<Path> inside = Files.list(folder)) {
            List<String> runs = inside.filter(p -> Files.isRegularFile(CampaignLauncher.traceOf(p)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
            return runs.isEmpty() ? "" : "; " + runs.size() + " of its folders do (" + String.join(", ",
                    runs.stream().limit(3).toList()) + (runs.size() > 3 ? ", ..." : "") + "): 'sciloop memory add "
                    + folder.resolve("*") + "' adds them";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Command(name = "list", description = "List the campaigns in the store, oldest first.")
    static final class ListCampaigns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Filter filter = filters.filter();
            try (CampaignStore s = store.openToRead()) {
                List<Listed> found = s.campaigns(filter);
                if (found.isEmpty()) {
                    out.printf("no campaign%s in %s%n", filter.equals(Filter.all()) ? "" : " matches", s.description());
                    filters.sayNamesNoCampaignHas(s, out);
                    return ExitCode.OK;
                }
                out.printf("%-10s %-26s %-12s %-20s %-16s %-9s %5s  %s%n", "campaign", "scenario", "planner", "tool",
                        "started (UTC)", "state", "exps", "trace");
                for (Listed l : found) {
                    IndexedCampaign c = l.campaign();
                    out.printf("%-10s %-26s %-12s %-20s %-16s %-9s %5d  %s%n", shortId(c.id()), c.scenario(),
                            c.planner(), c.tool(), MINUTE.format(c.started()), c.state(), l.experiments(),
                            l.traceState().equals(CampaignStore.VERIFIES) ? c.trace() : "NOT VERIFIED ("
                                    + l.traceState() + ")");
                }
                out.printf("%d campaign%s in %s%n", found.size(), found.size() == 1 ? "" : "s", s.description());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = {"Show one campaign: what it ran, who took part, its observations and"
            + " hypotheses.", "Its trace is checked again: the store says when it no longer vouches for the record"
            + " (exit 1 then)."})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Parameters(paramLabel = "CAMPAIGN", description = "a campaign id (or its first 4 or more characters), or a"
                + " run folder")
        String which;

        @Option(names = "--limit", paramLabel = "N", description = "at most N observations (default"
                + " ${DEFAULT-VALUE})")
        int limit = 100;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (limit < 0) {
                throw new InputException("--limit " + limit + ": give 0 or more");
            }
            if (which.isBlank()) {
                throw new InputException("give a campaign id (or its first 4 or more characters), or a run folder");
            }
            try (CampaignStore s = store.openToRead()) {
                String id = Files.exists(Path.of(which))
                        ? TraceIndexer.read(CampaignLauncher.traceOf(Path.of(which))).id() : which;
                IndexedCampaign c = s.campaign(id).orElseThrow(() -> new InputException("no campaign '" + which
                        + "' in " + s.description() + (Files.exists(Path.of(which)) ? "; 'sciloop memory add "
                        + which + "' adds it" : which.length() < 4 ? " (a part of an id needs at least 4 characters)"
                        : "; 'sciloop memory list' shows those there are")));
                TraceCheck check = TraceCheck.of(c);
                out.printf("campaign     %s%n", c.id());
                out.printf("scenario     %s (%s), seed %d%n", c.scenario(), c.source(), c.seed());
                out.printf("planner      %s%ntool         %s%n", c.planner(), c.tool());
                out.printf("objectives   %s%nparameters   %s%n", String.join(", ", c.objectives()),
                        String.join(", ", c.parameters()));
                out.printf("started      %s UTC%s%n", MINUTE.format(c.started()),
                        c.ended().map(e -> ", " + c.state() + " " + MINUTE.format(e) + " UTC").orElse(", " + c.state()));
                List<String> people = c.people();
                out.printf("people       %s%n", people.isEmpty() ? "none (no result told, no approval decided)"
                        : String.join(", ", people));
                out.printf("trace        %s (%d lines)%n", c.trace(), c.lines());
                String marked = s.listed(c.id()).map(Listed::traceState).orElse(CampaignStore.VERIFIES);
                String found = check.verifies() ? CampaignStore.VERIFIES : check.state();
                if (check.verifies()) {
                    out.printf("             %s%n", check.grown(c) ? "verifies, and has grown since it was indexed"
                            + " (a resume went on): 'sciloop memory add " + c.trace().getParent() + "' catches up"
                            : "verifies, as indexed");
                } else {
                    out.printf("             NOT VERIFIED: %s; the store's record of it is no longer vouched for%n",
                            check.state());
                }
                if (!found.equals(marked)) {
                    // What was found replaces what the store last said of the trace (restored, or changed since).
                    s.traceState(c.id(), found);
                    out.printf("             %s%n", s.readOnly() ? "not kept in the store: it can only be read"
                            : check.verifies() ? "its record had been marked as no longer verified; the mark is"
                            + " cleared" : "kept in the store: search, recall and hypotheses leave it out until it"
                            + " verifies again");
                }
                out.printf("%nobservations (%d)%n", c.experiments());
                for (IndexedCampaign.StoredObservation o : c.observations().subList(0,
                        Math.min(limit, c.observations().size()))) {
                    out.println("  " + observation(o.observation(), o.recordedBy()));
                }
                if (c.observations().size() > limit) {
                    out.printf("  ... and %d more (--limit shows more; 'sciloop memory search --where' finds some)%n",
                            c.observations().size() - limit);
                }
                if (!c.hypotheses().isEmpty()) {
                    out.printf("%nhypotheses (%d)%n", c.hypotheses().size());
                    c.hypotheses().forEach(h -> out.printf("  %-5s %-12s %s%n", h.id(), h.status(), h.statement()));
                }
                return check.verifies() ? ExitCode.OK : ExitCode.FAILED;
            }
        }
    }

    @Command(name = "search", description = {"Every observation, across campaigns, that meets all the conditions.",
            "A condition is NAME OP VALUE on a setting or an outcome (OP one of = != < <= > >=): for example",
            "  sciloop memory search --where 'ligand = XPhos' --where 'temperature > 100'"})
    static final class Search implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Option(names = "--where", paramLabel = "CONDITION", description = "NAME OP VALUE; repeatable (all must hold)")
        List<String> where = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", description = "at most N observations (default ${DEFAULT-VALUE})")
        int limit = 200;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (limit < 1) {
                throw new InputException("--limit " + limit + ": give a positive number");
            }
            List<Condition> conditions = where.stream().map(Condition::parse).toList();
            try (CampaignStore s = store.openToRead()) {
                List<String> unknown = conditions.stream().map(Condition::name).distinct().filter(n -> !s.knows(n))
                        .toList();
                if (!unknown.isEmpty()) {
                    throw new InputException("no observation in " + s.description() + " has a setting or an outcome"
                            + " called " + String.join(" or ", unknown.stream().map(n -> "'" + n + "'").toList())
                            + " (names are matched exactly, case included)");
                }
                for (Condition c : conditions) {
                    if (!c.numeric() && !s.hasLevels(c.name())) {
                        throw new InputException("'" + c + "': '" + c.name() + "' is a number in every observation,"
                                + " and '" + c.level() + "' is not a number");
                    }
                }
                List<CampaignStore.Found> found = s.search(conditions, filters.filter(), limit + 1);
                for (CampaignStore.Found f : found.subList(0, Math.min(limit, found.size()))) {
                    out.printf("%-10s %-24s %s%n", shortId(f.stored().campaign()), f.scenario(),
                            observation(f.stored().observation(), f.stored().recordedBy()));
                }
                out.printf("%s%d observation%s%s in %s%n", found.size() > limit ? "the first " : "",
                        Math.min(limit, found.size()), Math.min(limit, found.size()) == 1 ? "" : "s",
                        conditions.isEmpty() ? ""
                        : " with " + String.join(" and ", conditions.stream().map(Condition::toString).toList()),
                        s.description());
                if (found.isEmpty()) {
                    filters.sayNamesNoCampaignHas(s, out);
                    for (Condition c : conditions) {
                        List<String> other = c.numeric() ? List.of() : s.levelsButForCase(c.name(), c.level());
                        if (!other.isEmpty()) {
                            out.printf("  levels are matched exactly, case included: '%s' has %s, not '%s'%n",
                                    c.name(), String.join(", ", other.stream().map(l -> "'" + l + "'").toList()),
                                    c.level());
                        }
                    }
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "recall", description = {"Find earlier campaigns' hypotheses, rationales and notes by meaning.",
            "What a planner's 'recall' lookup answers: the passages closest in meaning to QUESTION (all-MiniLM-L6-v2,"
            + " run here),", "best first: the ten closest ranked again word by word, a statement and its opposite in"
            + " the order the", "question points. The number is the similarity of the two sentences (1 the same"
            + " meaning), so it need not fall", "down the list."})
    static final class Recall implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "in plain words")
        List<String> question;

        @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "hypothesis, rationale or note;"
                + " repeatable (default: all)")
        List<String> kinds = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", description = "at most N passages, 1 to "
                + org.sciloop.memory.recall.Recall.MOST + " (default ${DEFAULT-VALUE})")
        int limit = org.sciloop.memory.recall.Recall.DEFAULT_LIMIT;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (limit < 1 || limit > org.sciloop.memory.recall.Recall.MOST) {
                throw new InputException("--limit " + limit + ": give a number from 1 to "
                        + org.sciloop.memory.recall.Recall.MOST);
            }
            org.sciloop.memory.recall.Recall.check(String.join(" ", question));
            for (String kind : kinds) {
                if (!IndexedCampaign.Passage.KINDS.contains(kind)) {
                    throw new InputException("--kind " + kind + ": the kinds are " + String.join(", ",
                            IndexedCampaign.Passage.KINDS));
                }
            }
            try (CampaignStore s = store.openToRead()) {
                PrintWriter err = spec.commandLine().getErr();
                List<Passages.Found> found = org.sciloop.memory.recall.Recall.passages(s,
                        String.join(" ", question), kinds.isEmpty() ? IndexedCampaign.Passage.KINDS : kinds,
                        filters.filter(), limit, n -> {
                            err.printf("embedding %d passage%s asked about for the first time (about %d s; what is"
                                    + " embedded is kept)%n", n, n == 1 ? "" : "s", Math.max(1, n * 15 / 1000));
                            err.flush();
                        });
                for (Passages.Found f : found) {
                    String status = f.passage().kind().equals("hypothesis")
                            ? s.hypothesisStatus(f.campaign(), f.passage().subject()).orElse("") : "";
                    out.printf("%.3f  %-10s %-24s %-10s %-6s %-12s %s%n", f.similarity(), shortId(f.campaign()),
                            f.scenario(), f.passage().kind(), f.passage().subject(), status, f.passage().text());
                }
                out.printf("%d passage%s in %s%n", found.size(), found.size() == 1 ? "" : "s", s.description());
                if (found.isEmpty()) {
                    filters.sayNamesNoCampaignHas(s, out);
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "hypotheses", description = {"List the hypotheses of every campaign, and where campaigns disagree.",
            "Each hypothesis in its latest version; a disagreement is the same claim supported in one campaign and",
            "refuted in another, or two supported claims that cannot both hold."})
    static final class Hypotheses implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Mixin
        Filters filters;

        @Option(names = "--contradictions", description = "only the disagreements")
        boolean onlyContradictions;

        @Option(names = "--graphml", paramLabel = "FILE", description = "write the knowledge graph across these"
                + " campaigns as GraphML (hypotheses, their campaigns and factors; contradicts and replicates edges"
                + " between campaigns)")
        java.nio.file.Path graphml;

        @Option(names = "--dot", paramLabel = "FILE", description = "the same graph as Graphviz DOT")
        java.nio.file.Path dot;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // A graph file that cannot be written is said before anything is printed.
            Arguments.writableFile("--graphml", graphml);
            Arguments.writableFile("--dot", dot);
            try (CampaignStore s = store.openToRead()) {
                List<StoredHypothesis> all = s.hypotheses(filters.filter());
                long unverified = s.campaigns(filters.filter()).stream()
                        .filter(l -> !l.traceState().equals(CampaignStore.VERIFIES)).count();
                if (unverified > 0) {
                    out.printf("(%d campaign%s left out: %s no longer verif%s; 'sciloop memory list' shows which)%n",
                            unverified, unverified == 1 ? "" : "s", unverified == 1 ? "its trace" : "their traces",
                            unverified == 1 ? "ies" : "y");
                }
                if (!onlyContradictions) {
                    for (StoredHypothesis h : all) {
                        Hypothesis x = h.hypothesis();
                        out.printf("%-10s %-24s %-5s %-12s %s%n", shortId(h.campaign()), h.scenario(), x.id(),
                                x.status(), x.statement());
                    }
                    out.printf("%d hypotheses in %s%n", all.size(), s.description());
                }
                List<Contradictions.Contradiction> disagreements = Contradictions.among(all);
                for (Contradictions.Contradiction c : disagreements) {
                    out.printf("CONTRADICTION: %s %s (%s) and %s %s (%s): %s%n", shortId(c.earlier().campaign()),
                            c.earlier().hypothesis().id(), c.earlier().scenario(), shortId(c.later().campaign()),
                            c.later().hypothesis().id(), c.later().scenario(), c.why());
                }
                out.printf("%d contradiction%s between campaigns%n", disagreements.size(),
                        disagreements.size() == 1 ? "" : "s");
                if (graphml != null || dot != null) {
                    org.sciloop.memory.graph.KnowledgeGraph graph = org.sciloop.memory.graph.KnowledgeGraph
                            .acrossCampaigns(all);
                    HypothesesCommand.export(graphml, graph::writeGraphML, out);
                    HypothesesCommand.export(dot, graph::writeDot, out);
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "rebuild", description = {"Check every indexed trace again and index it afresh from it.",
            "A trace that is missing, damaged or rewritten keeps its record, marked as no longer verified; exit 1"
                    + " then.", "An embedded store is made again in a new file that then takes the old one's place:"
                    + " that also frees a store a killed process left locked, and gives back the space re-indexing"
                    + " took.", "An embedded store whose file is damaged or gone is made again from the traces listed"
                    + " beside it (traces.jsonl), the damaged file kept aside; a campaign whose trace no longer"
                    + " verifies is then left out (exit 1)."})
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Rebuilt rebuilt;
            String description;
            try (CampaignStore s = store.openToRebuild()) {
                description = s.description();
                rebuilt = s.rebuild();
            }
            rebuilt.setAside().ifPresent(p -> out.println("the store's file was damaged: it is kept as " + p
                    + ", and the store was made again from the traces it had indexed"));
            rebuilt.unverified().forEach(u -> out.printf("NOT VERIFIED %s (%s): %s%n", u.record().id(),
                    u.record().scenario(), u.state()));
            if (!rebuilt.unverified().isEmpty()) {
                out.println("  their records are kept, marked; 'sciloop memory remove CAMPAIGN' takes one out");
            }
            rebuilt.lost().forEach(l -> out.println("LEFT OUT " + l));
            if (!rebuilt.embeddingsKept()) {
                out.println("any embeddings recall had computed were not kept: it computes them again as questions"
                        + " need them");
            }
            int n = rebuilt.reindexed();
            out.printf("%d campaign%s re-indexed from %s trace%s, %d no longer verified, in %s%n", n,
                    n == 1 ? "" : "s", n == 1 ? "its" : "their", n == 1 ? "" : "s", rebuilt.unverified().size(),
                    description);
            return rebuilt.unverified().isEmpty() && rebuilt.lost().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    @Command(name = "remove", description = {"Take campaigns' records out of the store (a run folder deleted on"
            + " purpose, a campaign indexed by mistake).", "Their traces are not touched: 'memory add' puts a campaign"
            + " back."})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Parameters(paramLabel = "CAMPAIGN", arity = "1..*", description = "campaign ids (or their first 4 or more"
                + " characters)")
        List<String> which;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CampaignStore s = store.openToRead()) {
                // Every id found before any record goes: a mistyped one removes none.
                List<IndexedCampaign> found = new ArrayList<>();
                for (String id : which) {
                    found.add(s.campaign(id).orElseThrow(() -> new InputException("no campaign '" + id + "' in "
                            + s.description() + (id.length() < 4 ? " (a part of an id needs at least 4 characters)"
                            : "; nothing was removed"))));
                }
                for (IndexedCampaign c : found) {
                    s.forget(c.id());
                    out.printf("removed %s (%s, %d experiments); its trace %s is not touched%n", c.id(), c.scenario(),
                            c.experiments(), c.trace());
                }
                int held = s.campaigns(Filter.all()).size();
                out.printf("%s holds %d campaign%s%n", s.description(), held, held == 1 ? "" : "s");
            }
            return ExitCode.OK;
        }
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** An observation in a line: id, outcomes (or why it failed), settings, and who recorded it. */
    private static String observation(Observation o, String recordedBy) {
        String outcomes = o.status() == Observation.Status.FAILED ? "FAILED (" + o.detail() + ")"
                : String.join(", ", o.outcomes().entrySet().stream().map(e -> e.getKey() + " "
                        + ResultPrinter.number(e.getValue())).toList());
        String settings = String.join(", ", o.settings().values().entrySet().stream().map(MemoryCommand::setting)
                .toList());
        return String.format(Locale.ROOT, "%-10s %-28s %s%s", o.experimentId(), outcomes, settings,
                recordedBy.startsWith("person:") ? "  [told by " + recordedBy.substring(7) + "]" : "");
    }

    private static String setting(Map.Entry<String, Object> e) {
        return e.getKey() + "=" + (e.getValue() instanceof Number n ? ResultPrinter.number(n.doubleValue())
                : e.getValue());
    }
}
