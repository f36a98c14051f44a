package org.sciloop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.InputException;
import org.sciloop.core.PlainNumber;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.ToldResult;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterConstraint;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.tools.table.CsvTable;

/**
 * The files of a campaign run by hand: {@code pending.csv}, what waits to be run (id, the settings, an empty
 * column per outcome, one for a failure's reason, and the campaign's id), and the results people tell in the
 * same shape. Every row of a results file is checked against what is pending and the space before anything is
 * recorded; a file with any mistake is refused whole, each mistake named at its file, line and column.
 *
 * <p>Continuous settings are handed out rounded to a ten-thousandth of their range, as a person would set
 * them; a setting told back as it was handed out is the proposal, kept in full.
 */
final class ManualResults {
    static final String PENDING = "pending.csv";
    static final String ID = "id";
    static final String FAILED = "failed";
    /** The campaign a row was handed out by: a results file of another campaign is refused, not mixed in. */
    static final String CAMPAIGN = "campaign";
    /** A continuous setting is handed out to this share of its range. */
    private static final double RESOLUTION = 1e-4;

    private ManualResults() {
    }

    /**
     * The outcomes people measure: the outputs the experiment's tool declares, and always the objectives (a
     * tool that runs a program declares none: what the program would have written, people tell).
     */
    static List<String> outputs(Campaign campaign) {
        List<String> names = new ArrayList<>();
        campaign.tool().descriptor().outputSchema().path("properties").properties().forEach(e -> names.add(
                e.getKey()));
        List<String> objectives = objectives(campaign);
        for (int k = objectives.size() - 1; k >= 0; k--) {
            if (!names.contains(objectives.get(k))) {
                names.add(0, objectives.get(k));
            }
        }
        return names;
    }

    /** What a person fills in: the outcomes a result must give, then any other the tool has, where measured. */
    static String toFillIn(Campaign campaign) {
        List<String> required = objectives(campaign);
        List<String> optional = outputs(campaign).stream().filter(n -> !required.contains(n)).toList();
        return String.join(", ", required) + (optional.isEmpty() ? "" : " (and " + String.join(", ", optional)
                + " where measured)");
    }

    /** The outcomes a result must give: every objective, and every outcome an outcome constraint bounds. */
    static List<String> objectives(Campaign campaign) {
        List<String> names = new ArrayList<>(campaign.scenario().objectives().stream()
                .map(org.sciloop.core.model.Objective::name).toList());
        campaign.scenario().outcomeConstraints().stream().map(OutcomeConstraint::outcome)
                .filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** Writes {@code pending.csv} in {@code folder} whole (a temporary file moved into place), or says why not. */
    static Path writePending(Path folder, CampaignHistory history, Campaign campaign) {
        List<String> header = new ArrayList<>(List.of(ID));
        campaign.space().parameters().forEach(p -> header.add(p.name()));
        header.addAll(outputs(campaign));
        header.add(FAILED);
        header.add(CAMPAIGN);
        StringBuilder csv = new StringBuilder(row(header));
        for (PlannedExperiment e : history.inFlight()) {
            List<String> cells = new ArrayList<>(List.of(e.id()));
            campaign.space().parameters().forEach(p -> cells.add(text(handedOut(p, e.settings().get(p.name())))));
            outputs(campaign).forEach(o -> cells.add(""));
            cells.add("");
            cells.add(history.campaignId());
            csv.append(row(cells));
        }
        Path file = folder.resolve(PENDING);
        Path part = folder.resolve(PENDING + ".part");
        try {
            Files.writeString(part, csv);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InputException("the campaign is paused with its batch on record, but " + file + " cannot be"
                    + " written: " + IoReason.of(e) + "; 'sciloop status " + folder + "' lists what is pending");
        }
        return file;
    }

    /** Reads a results file against the campaign; every mistake in it refuses it whole. */
    static List<ToldResult> read(Path file, CampaignHistory history, Campaign campaign, String person,
                                 boolean repeats) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InputException(file + " is not a regular file" + (Files.isDirectory(file) ? " but a folder"
                    : " (a device or a pipe)") + "; give the results file");
        }
        CsvTable table;
        try (InputStream in = Files.newInputStream(file)) {
            table = CsvTable.read(in);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + IoReason.of(e));
        } catch (CsvTable.MalformedCsv e) {
            throw refused(file.toString(), List.of(e.at(file.toString())));
        }
        return check(file.toString(), table, history, campaign, person, repeats);
    }

    /** Where a result given with {@code --id}, {@code --value}, {@code --failed} comes from: its mistakes name the option. */
    private static final String COMMAND_LINE = "the command line";

    /** One result given on the command line ({@code --id}, {@code --value}, {@code --failed}). */
    static List<ToldResult> one(String id, Map<String, String> values, String failed, CampaignHistory history,
                                Campaign campaign, String person, boolean repeats) {
        List<String> header = new ArrayList<>(List.of(ID));
        List<String> cells = new ArrayList<>(List.of(id));
        values.forEach((name, value) -> {
            header.add(name);
            cells.add(value);
        });
        if (failed != null) {
            header.add(FAILED);
            cells.add(failed);
        }
        return check(COMMAND_LINE, new CsvTable(header, List.of(new CsvTable.Row(2, cells))), history,
                campaign, person, repeats);
    }

    private static List<ToldResult> check(String source, CsvTable table, CampaignHistory history, Campaign campaign,
                                          String person, boolean repeats) {
        List<String> outputs = outputs(campaign);
        List<String> objectives = objectives(campaign);
        List<String> problems = new ArrayList<>();
        if (!table.header().contains(ID)) {
            problems.add(source + ":1: no '" + ID + "' column; results are told by the id of their experiment"
                    + " (empty for a historical one)");
        }
        for (int c = 0; c < table.header().size(); c++) {
            String name = table.header().get(c);
            if (!name.equals(ID) && !name.equals(FAILED) && !name.equals(CAMPAIGN) && !outputs.contains(name)
                    && campaign.space().parameter(name).isEmpty()) {
                problems.add((source.equals(COMMAND_LINE) ? "--value " + name : source + ":1:" + (c + 1))
                        + ": column '" + name + "' is neither id, a parameter "
                        + campaign.space().parameters().stream().map(Parameter::name).toList() + ", an outcome "
                        + outputs + ", " + FAILED + " nor " + CAMPAIGN);
            }
        }
        if (!problems.isEmpty()) {
            throw refused(source, problems);
        }
        Map<String, PlannedExperiment> pending = new LinkedHashMap<>();
        history.inFlight().forEach(e -> pending.put(e.id(), e));
        Map<String, Observation> observed = new HashMap<>();
        history.observations().forEach(o -> observed.put(o.experimentId(), o));
        Map<String, Integer> seenAt = new HashMap<>();
        int nextHistorical = history.experimentsPlanned();
        List<ToldResult> told = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (row.cells().stream().allMatch(String::isBlank)) {
                continue;  // a spreadsheet's empty row, saved as commas alone
            }
            Cells cells = new Cells(source, table.header(), row, problems);
            String id = cells.get(ID);
            String from = cells.get(CAMPAIGN);
            if (!from.isEmpty() && !from.equals(history.campaignId())) {
                cells.problem(CAMPAIGN, "this row was handed out by campaign " + from + ", not by this one ("
                        + history.campaignId() + "); is it the results file of another run folder?");
                continue;
            }
            PlannedExperiment proposed = null;
            if (!id.isEmpty()) {
                Integer earlier = seenAt.putIfAbsent(id, row.line());
                if (earlier != null) {
                    cells.problem(ID, "'" + id + "' is told twice in this file (first at line " + earlier + ")");
                    continue;
                }
                if (observed.containsKey(id)) {
                    Observation o = observed.get(id);
                    cells.problem(ID, "'" + id + "'" + ALREADY_TOLD + (o.tool() != null && o.tool().startsWith("person:")
                            ? " by " + o.tool().substring(7) : "") + "; a result on record is never replaced"
                            + (history.interrupted() ? " (the last tell was recorded whole, but its process stopped before"
                            + " it handed out the next batch: 'sciloop resume' goes on from there)"
                            : !history.sealed() ? " (the last tell was recorded whole, but its process stopped before it"
                            + " sealed the trace and wrote pending.csv: 'sciloop resume' does both)"
                            : " (if the run's " + PENDING + " still lists it, that file is older than the trace: the tell"
                            + " that recorded it stopped before writing the next batch there; 'sciloop resume' writes"
                            + " it again)"));
                    continue;
                }
                proposed = pending.get(id);
                if (proposed == null) {
                    cells.problem(ID, "no experiment '" + id + "' waits for a result" + lookAlike(id) + "; pending: "
                            + (pending.isEmpty() ? "none" : String.join(", ", pending.keySet()))
                            + " (leave the id empty for a historical experiment)");
                    continue;
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            List<String> differ = new ArrayList<>();
            for (Parameter p : campaign.space().parameters()) {
                String cell = cells.get(p.name());
                Object asProposed = proposed == null ? null : proposed.settings().get(p.name());
                if (cell.isEmpty()) {
                    if (asProposed == null) {
                        cells.problem(p.name(), "a historical experiment needs every setting; '" + p.name()
                                + "' is empty");
                    } else {
                        settings.put(p.name(), asProposed);
                    }
                    continue;
                }
                Object value = p instanceof Parameter.Categorical ? cell : CsvTable.number(cell).isPresent()
                        ? (Object) CsvTable.number(cell).getAsDouble() : cell;
                if (asProposed != null && sameValue(handedOut(p, asProposed), value)) {
                    settings.put(p.name(), asProposed);  // as handed out: the proposal, in full
                    continue;
                }
                Optional<String> violation = p.violation(value);
                if (violation.isPresent()) {
                    cells.problem(p.name(), violation.get());
                    continue;
                }
                settings.put(p.name(), value);
                if (asProposed != null && !sameValue(asProposed, value)) {
                    differ.add(p.name() + " " + text(value) + " (proposed " + text(handedOut(p, asProposed)) + ")");
                }
            }
            if (!cells.wrong && settings.size() == campaign.space().dimensions()) {
                // Each value may be in the space alone and the combination still not (a pool of measured ones).
                Optional<String> outside = campaign.space().violation(new Settings(settings));
                if (outside.isPresent()) {
                    cells.problem(campaign.space().parameters().stream()
                            .filter(p -> !(p instanceof Parameter.Continuous)).map(Parameter::name)
                            .filter(n -> !cells.get(n).isEmpty()).findFirst()
                            .orElse(campaign.space().parameters().get(0).name()), outside.get());
                    continue;
                }
            }
            // A spreadsheet's booleans: FALSE says it did not fail; TRUE that it did, but not why.
            String failed = cells.get(FAILED).equalsIgnoreCase("false") ? "" : cells.get(FAILED);
            if (failed.equalsIgnoreCase("true")) {
                cells.problem(FAILED, "'" + failed + "' says the experiment failed but not why; write the reason"
                        + " (what went wrong, for whoever reads the record), or leave it empty if it worked");
                continue;
            }
            boolean noOutcome = outputs.stream().allMatch(o -> cells.get(o).isEmpty());
            if (proposed != null && noOutcome && failed.isEmpty() && differ.isEmpty()) {
                continue;  // a row of pending.csv not filled in yet: it stays pending
            }
            if (!failed.isEmpty() && !noOutcome) {
                cells.problem(FAILED, "'" + failed + "' says the experiment failed, but it has "
                        + String.join(", ", outputs.stream().filter(o -> !cells.get(o).isEmpty()).toList())
                        + " too; leave '" + FAILED + "' empty for one that worked, or the outcomes for one that failed");
                continue;
            }
            Map<String, Double> outcomes = new LinkedHashMap<>();
            for (String output : outputs) {
                String cell = cells.get(output);
                if (cell.isEmpty()) {
                    if (objectives.contains(output) && failed.isEmpty()) {
                        cells.problem(output, "no " + output + " for " + (id.isEmpty() ? "this experiment" : id)
                                + constrainedBy(campaign, output) + "; give it, or the reason it failed "
                                + (source.equals(COMMAND_LINE) ? "with --failed" : "in '" + FAILED + "'"));
                    }
                    continue;
                }
                OptionalDouble v = CsvTable.number(cell);
                if (v.isEmpty()) {
                    cells.problem(output, "'" + cell + "' is not a finite number" + (cell.matches("-?\\d+,\\d+")
                            ? " (write decimals with a point: " + cell.replace(',', '.') + ")" : lookAlike(cell)));
                } else {
                    Optional<String> outside = outsideRange(campaign, output, v.getAsDouble());
                    if (outside.isPresent()) {
                        cells.problem(output, outside.get());
                    } else {
                        outcomes.put(output, v.getAsDouble() + 0.0);  // + 0.0: a "-0" typed is 0
                    }
                }
            }
            if (proposed == null && !repeats && !cells.wrong) {
                Map<String, Double> measured = failed.isEmpty() ? outcomes : Map.of();
                history.observations().stream().filter(o -> o.settings().values().equals(settings)
                        && o.outcomes().equals(measured) && (o.status() == Observation.Status.OK) == failed.isEmpty())
                        .findFirst().ifPresent(o -> cells.problem(ID, "the same settings and results as " + o.experimentId()
                        + ", already on record: was this file told before? A repeat that measured exactly the same is"
                        + " told with --repeats"));
            }
            if (cells.wrong) {
                continue;
            }
            String experimentId = proposed != null ? proposed.id() : "exp-" + (++nextHistorical);
            String note = proposed == null ? "historical: run before or outside this campaign, told by " + person
                    : differ.isEmpty() ? "run by hand as proposed, told by " + person
                    : "run by hand at other settings than proposed: " + String.join(", ", differ) + "; told by "
                    + person;
            if (proposed == null || !differ.isEmpty()) {
                // It was run: recorded as it was, and marked, for whoever reads the record, as beyond the limits.
                note += campaign.policy().check(new Settings(settings)).map(d -> "; OUTSIDE THE SAFETY LIMITS ("
                        + d.rule() + ": " + d.reason() + ")").orElse("");
                // Recorded as run; marked, since the campaign was to look only where its constraints hold.
                List<ParameterConstraint> broken = campaign.space().brokenConstraints(new Settings(settings));
                note += broken.isEmpty() ? "" : "; breaks " + ParameterConstraint.texts(broken);
            }
            told.add(new ToldResult(experimentId, new Settings(settings), failed.isEmpty() ? outcomes : Map.of(),
                    failed.isEmpty() ? Optional.empty() : Optional.of(failed), person, note));
        }
        if (!problems.isEmpty()) {
            throw refused(source, problems);
        }
        if (told.isEmpty()) {
            throw new InputException(source + ": no results in it (no row has an outcome or a reason in '" + FAILED
                    + "'); nothing was recorded");
        }
        return told;
    }

    private static final String ALREADY_TOLD = " was already told";

    /**
     * Why a result must give {@code outcome} when it is not an objective: "" for an objective, else ", which the
     * constraint impurity <= 0.5 bounds (a result without it could not be judged feasible)".
     */
    private static String constrainedBy(Campaign campaign, String outcome) {
        if (campaign.scenario().objectives().stream().anyMatch(o -> o.name().equals(outcome))) {
            return "";
        }
        return campaign.scenario().outcomeConstraints().stream().filter(c -> c.outcome().equals(outcome))
                .findFirst().map(c -> ", which the constraint " + c + " bounds (a result without it could not be"
                        + " judged feasible)").orElse("");
    }

    private static InputException refused(String source, List<String> problems) {
        int shown = Math.min(problems.size(), 20);
        return new InputException(String.join("\n", problems.subList(0, shown))
                + (problems.size() > shown ? "\n... and " + (problems.size() - shown) + " more" : "")
                + "\nnothing of " + source + " was recorded; "
                + (problems.stream().anyMatch(p -> p.contains(ALREADY_TOLD))
                ? "leave out what is on record already, correct the rest, and tell it again"
                : "correct it and tell it again"));
    }

    /** The cells of one row by column name, noting each problem at its line and column. */
    private static final class Cells {
        private final String source;
        private final List<String> header;
        private final CsvTable.Row row;
        private final List<String> problems;
        private boolean wrong;

        Cells(String source, List<String> header, CsvTable.Row row, List<String> problems) {
            this.source = source;
            this.header = header;
            this.row = row;
            this.problems = problems;
        }

        String get(String column) {
            int c = header.indexOf(column);
            return c < 0 ? "" : row.cells().get(c);
        }

        void problem(String column, String message) {
            int c = header.indexOf(column);
            String where = !source.equals(COMMAND_LINE) ? source + ":" + row.line() + (c < 0 ? "" : ":" + (c + 1))
                    : c < 0 ? source
                    : column.equals(ID) ? "--id " + get(ID)
                    : column.equals(FAILED) ? "--failed " + get(FAILED)
                    : "--value " + column + "=" + get(column);
            // On the command line the option already names the column: "--id exp-9: no experiment ...".
            problems.add(where + ": " + (source.equals(COMMAND_LINE) && c >= 0 ? "" : column + ": ") + message);
            wrong = true;
        }
    }

    private static boolean sameValue(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue() : a.equals(b);
    }

    /**
     * A setting as handed out: a continuous one rounded to {@link #RESOLUTION} of its range (more digits than
     * a person can set would only be copied wrong), any other as it is.
     */
    private static Object handedOut(Parameter p, Object value) {
        if (p instanceof Parameter.Continuous c && value instanceof Number n && c.high() > c.low()) {
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10((c.high() - c.low()) * RESOLUTION)));
            return BigDecimal.valueOf(n.doubleValue()).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
        }
        return value;
    }

    /** A value as a person reads it: no exponent (0.0002, not 2.0E-4), no needless ".0". */
    private static String text(Object value) {
        return value instanceof Double d ? PlainNumber.of(d) : String.valueOf(value);
    }

    private static String row(List<String> cells) {
        return String.join(",", cells.stream().map(c -> c.contains(",") || c.contains("\"") || c.contains("\n")
                ? "\"" + c.replace("\"", "\"\"") + "\"" : c).toList()) + "\n";
    }

    /** Why {@code value} cannot be {@code outcome}'s, where the scenario gives the outcome's range. */
    private static Optional<String> outsideRange(Campaign campaign, String outcome, double value) {
        return campaign.scenario().outsideRange(outcome, value).map(why -> why
                + ": a result on record is never replaced, so a typo is refused");
    }

    /**
     * Where a cell holds a character that is not ASCII (a Cyrillic "е" in "exp-1", a no-break space in "1 234"),
     * which one: it looks like the character meant, so the message alone would show nothing wrong.
     */
    static String lookAlike(String cell) {
        for (int i = 0, at = 1; i < cell.length(); i += Character.charCount(cell.codePointAt(i)), at++) {
            int c = cell.codePointAt(i);
            if (c > 0x7E) {
                return String.format(java.util.Locale.ROOT, " (its character %d is U+%04X %s, not ASCII, though it"
                        + " may look like it)", at, c, Character.getName(c));
            }
        }
        return "";
    }
}
