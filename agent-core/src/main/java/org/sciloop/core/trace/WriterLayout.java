package org.sciloop.core.trace;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.Effect;

/**
 * Reads lines in the layout {@link TraceCodec#encode} writes, in place: {@code {"seq":N,"time":"..",
 * "campaign":"..","actor":"..","type":".."} first, {@code ,"prev":"<hex>"} last before the hash, and the
 * events that make nearly every line of a campaign (a request, its outcome, its observation, a proposal
 * with flat details) with their fields in the order the writer puts them. Anything else (another layout, an escape in a string,
 * a nested value, another event) is left to the JSON parser: {@code null}.
 *
 * <p>Why: a cold process spent most of a 100,000-line replay setting up and warming the general data binding
 * (measured: 0.7 s to decode the first line, 2 s for all); read here, the same lines cost a fraction of
 * that, and the binding is still there, and warm enough, for the few lines that need it.
 * {@code WriterLayoutTest} checks that both ways read every line of real traces the same.
 */
final class WriterLayout {
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] TIME = ascii(",\"time\":\"");
    private static final byte[] CAMPAIGN = ascii("\",\"campaign\":\"");
    private static final byte[] ACTOR = ascii("\",\"actor\":\"");
    private static final byte[] TYPE = ascii("\",\"type\":\"");
    private static final byte[] PREV = ascii(",\"prev\":\"");
    /** Events whose fields the reader checks (keys, signatures): their envelopes come from the parser. */
    private static final Set<String> PARSED = Set.of("CampaignStarted", "CampaignResumed", "Checkpoint");

    private final byte[] line;
    private final int end;
    private int at;

    private WriterLayout(byte[] line, int at, int end) {
        this.line = line;
        this.at = at;
        this.end = end;
    }

    /** The envelope of a line in the writer's layout, or null. */
    static TraceCodec.Envelope envelope(byte[] line, int length) {
        int prevAt = length - TraceCodec.HASH_SUFFIX - 1 - 64 - PREV.length;
        if (prevAt < 0 || !matches(line, prevAt, PREV) || line[length - TraceCodec.HASH_SUFFIX - 1] != '"'
                || !matches(line, 0, SEQ)) {
            return null;
        }
        WriterLayout r = new WriterLayout(line, SEQ.length, prevAt);
        try {
            long seq = r.whole();
            r.expect(TIME);
            String time = r.string();
            r.expect(CAMPAIGN, 1);
            String campaign = r.string();
            r.expect(ACTOR, 1);
            String actor = r.string();
            int typeAt = r.at;
            r.expect(TYPE, 1);
            String type = r.string();
            if (PARSED.contains(type)) {
                return null;
            }
            for (int i = prevAt + PREV.length; i < prevAt + PREV.length + 64; i++) {
                if (Character.digit(line[i], 16) < 0) {
                    return null;
                }
            }
            String prev = new String(line, prevAt + PREV.length, 64, StandardCharsets.US_ASCII);
            return new TraceCodec.Envelope(seq, time, campaign, actor, type, prev, 0, null, false, null, typeAt);
        } catch (NotThisLayout e) {
            return null;
        }
    }

    /**
     * The event of a line in the writer's layout whose type field begins at {@code typeAt}, for the common
     * types; null for any other, or for a line that does not keep to the layout.
     */
    static TraceEvent event(byte[] line, int typeAt, int length, String type) {
        int end = length - TraceCodec.HASH_SUFFIX - 1 - 64 - PREV.length;
        WriterLayout r = new WriterLayout(line, typeAt, end);
        try {
            r.expect(TYPE, 1);
            r.string();
            TraceEvent event = switch (type) {
                case "ActionRequested" -> new TraceEvent.ActionRequested(r.field("experimentId").quoted(),
                        r.field("tool").quoted(), Effect.valueOf(r.field("effect").quoted()),
                        r.field("arguments").scalars());
                case "ActionCompleted" -> new TraceEvent.ActionCompleted(r.field("experimentId").quoted(),
                        r.field("outputs").scalars(), r.field("micros").whole());
                case "ObservationRecorded" -> new TraceEvent.ObservationRecorded(r.field("observation").observation());
                case "ProposalMade" -> r.proposal();
                default -> null;
            };
            return r.at == end ? event : null;
        } catch (NotThisLayout | IllegalArgumentException | ArithmeticException e) {
            return null;  // the parser reads it, or says what is wrong with it
        }
    }

    /** A proposal whose details are flat (a space-filling design's are; a model's are read by the parser). */
    private TraceEvent.ProposalMade proposal() {
        int round = Math.toIntExact(field("round").whole());
        field("experiments").expect('[');
        List<TraceEvent.PlannedExperiment> experiments = new ArrayList<>();
        if (!optional(']')) {
            do {
                expect('{');
                String id = named("id").quoted();
                Settings settings = Settings.of(field("settings").scalars());
                String rationale = field("rationale").optionalString();
                List<String> tests = field("tests").strings();
                Map<String, Object> details = field("details").scalars();
                expect('}');
                experiments.add(new TraceEvent.PlannedExperiment(id, settings, rationale, tests, details));
            } while (optional(','));
            expect(']');
        }
        String rationale = field("rationale").optionalString();
        Map<String, Object> details = field("details").scalars();
        String stop = field("stop").optionalString();
        return new TraceEvent.ProposalMade(round, experiments, rationale, details, stop);
    }

    /** A string, or {@code null} written as such. */
    private String optionalString() {
        if (peek() == 'n') {
            expect('n');
            expect('u');
            expect('l');
            expect('l');
            return null;
        }
        return quoted();
    }

    /** An array of strings. */
    private List<String> strings() {
        expect('[');
        List<String> values = new ArrayList<>();
        if (!optional(']')) {
            do {
                values.add(quoted());
            } while (optional(','));
            expect(']');
        }
        return values;
    }

    private Observation observation() {
        expect('{');
        String experimentId = named("experimentId").quoted();
        Settings settings = Settings.of(field("settings").scalars());
        Map<String, Double> outcomes = new LinkedHashMap<>();
        field("outcomes").scalars().forEach((name, value) -> {
            if (!(value instanceof Number number)) {
                throw new NotThisLayout();
            }
            outcomes.put(name, number.doubleValue());
        });
        Observation.Status status = Observation.Status.valueOf(field("status").quoted());
        Observation observation = new Observation(experimentId, settings, outcomes, status, field("detail").quoted(),
                field("tool").quoted());
        expect('}');
        return observation;
    }

    /** The next field, after a comma: {@code ,"name":}. */
    private WriterLayout field(String name) {
        expect(',');
        return named(name);
    }

    private WriterLayout named(String name) {
        expect('"');
        for (int i = 0; i < name.length(); i++) {
            expect(name.charAt(i));
        }
        expect('"');
        expect(':');
        return this;
    }

    /** An object of numbers, strings, booleans and nulls, in order; a nested value is not this layout. */
    private Map<String, Object> scalars() {
        expect('{');
        Map<String, Object> values = new LinkedHashMap<>();
        if (peek() == '}') {
            at++;
            return values;
        }
        do {
            String name = quoted();
            expect(':');
            values.put(name, scalar());
        } while (optional(','));
        expect('}');
        return values;
    }

    /** A scalar as the parser binds it into an {@code Object}: Integer, Long or Double; String; Boolean; null. */
    private Object scalar() {
        byte c = peek();
        if (c == '"') {
            return quoted();
        }
        if (c == 't' || c == 'f' || c == 'n') {
            String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            for (int i = 0; i < word.length(); i++) {
                expect(word.charAt(i));
            }
            return c == 'n' ? null : c == 't';
        }
        int from = at;
        boolean integral = true;
        while (at < end && (Character.isDigit(line[at]) || line[at] == '-' || line[at] == '+' || line[at] == '.'
                || line[at] == 'e' || line[at] == 'E')) {
            integral &= line[at] != '.' && line[at] != 'e' && line[at] != 'E';
            at++;
        }
        String text = new String(line, from, at - from, StandardCharsets.US_ASCII);
        if (!isJsonNumber(text)) {
            throw new NotThisLayout();  // "1.", "-.5", "007": Java reads them, JSON does not
        }
        try {
            if (!integral) {
                // The parser's own reading (exact, like Double.parseDouble, and several times faster on the
                // 17-digit fractions a trace is full of), so that both ways give the very same double.
                return NumberInput.parseDouble(text, true);
            }
            long value = Long.parseLong(text);
            return value == (int) value ? (Object) (int) value : (Object) value;
        } catch (NumberFormatException e) {
            throw new NotThisLayout();
        }
    }

    /** Whether {@code text} is a number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    static boolean isJsonNumber(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && text.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits || i - digits > 1 && text.charAt(digits) == '0') {
            return false;
        }
        if (i < n && text.charAt(i) == '.') {
            int fraction = ++i;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == fraction) {
                return false;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = i;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return i == n;
    }

    /** A whole non-negative number, written as JSON writes one (no leading zero). */
    private long whole() {
        long value = 0;
        int digits = 0;
        int first = at;
        while (at < end && line[at] >= '0' && line[at] <= '9' && digits < 18) {
            value = value * 10 + (line[at++] - '0');
            digits++;
        }
        if (digits == 0 || digits > 1 && line[first] == '0') {
            throw new NotThisLayout();
        }
        return value;
    }

    /** A string in quotes, without escapes; the cursor is left after its closing quote. */
    private String quoted() {
        expect('"');
        return string();
    }

    /** The rest of a string whose opening quote was read, without escapes; left after its closing quote. */
    private String string() {
        int from = at;
        while (at < end && line[at] != '"') {
            if (line[at] == '\\' || (line[at] >= 0 && line[at] < 0x20)) {
                throw new NotThisLayout();
            }
            at++;
        }
        if (at >= end) {
            throw new NotThisLayout();
        }
        return new String(line, from, at++ - from, StandardCharsets.UTF_8);
    }

    private byte peek() {
        if (at >= end) {
            throw new NotThisLayout();
        }
        return line[at];
    }

    private boolean optional(char c) {
        if (at < end && line[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!optional(c)) {
            throw new NotThisLayout();
        }
    }

    private void expect(byte[] expected) {
        expect(expected, 0);
    }

    /** {@code expected}, whose first {@code behind} bytes are the ones just read. */
    private void expect(byte[] expected, int behind) {
        if (!matches(line, at - behind, expected)) {
            throw new NotThisLayout();
        }
        at += expected.length - behind;
    }

    private static boolean matches(byte[] line, int at, byte[] expected) {
        if (at < 0 || at + expected.length > line.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (line[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The line leaves the writer's layout here: the parser reads it instead. */
    private static final class NotThisLayout extends RuntimeException {
        NotThisLayout() {
            super(null, null, false, false);
        }
    }
}
