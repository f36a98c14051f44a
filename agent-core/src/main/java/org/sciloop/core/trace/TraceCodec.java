package org.sciloop.core.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The byte layout of one trace line, shared by the writer and the reader:
 *
 * <pre>{"seq":7,"time":"...","campaign":"...","actor":"...","type":"...",...,"prev":"&lt;hex&gt;","hash":"&lt;hex&gt;"}\n</pre>
 *
 * {@code hash} is the SHA-256 of the line's bytes with the hash field removed, i.e. of the JSON object
 * that ends with {@code "prev"}. Hashing the exact bytes (not a re-serialisation) means a third-party
 * reader needs no canonical JSON to check a line.
 */
final class TraceCodec {
    /** For the envelope of lines not in the writer's layout: a bare parser, no data binding to set up. */
    private static final JsonFactory PARSERS = new JsonFactory();
    static final String GENESIS = "0".repeat(64);


    private static final byte[] HASH_OPEN = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"hash":"} + 64 hex digits + {@code "}} */
    static final int HASH_SUFFIX = HASH_OPEN.length + 64 + 2;
    private static final HexFormat HEX = HexFormat.of();

    private TraceCodec() {
    }

    /**
     * The data binding, made on first use: setting it up for the events costs a cold process more than
     * checking a whole 100,000-line trace (measured: about 0.4 s), and checking needs none of it.
     */
    private static final class Binding {
        static final ObjectMapper JSON = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)  // exact, and faster on long fractions
                .build();
        static final ObjectReader EVENTS = JSON.readerFor(TraceEvent.class);
    }

    /** The line (with its newline) for an event, and its hash. */
    static Encoded encode(long seq, Instant time, String campaign, String actor, TraceEvent event, String prev) {
        ObjectMapper json = Binding.JSON;
        ObjectNode line = json.createObjectNode();
        line.put("seq", seq);
        line.put("time", time.toString());
        line.put("campaign", campaign);
        line.put("actor", actor);
        line.setAll((ObjectNode) json.valueToTree(event));
        line.put("prev", prev);
        try {
            byte[] body = json.writeValueAsBytes(line);
            String hash = HEX.formatHex(sha256().digest(body));
            byte[] out = Arrays.copyOf(body, body.length - 1 + HASH_SUFFIX + 1);
            int at = body.length - 1;
            System.arraycopy(HASH_OPEN, 0, out, at, HASH_OPEN.length);
            at += HASH_OPEN.length;
            byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(hex, 0, out, at, hex.length);
            at += hex.length;
            out[at++] = '"';
            out[at++] = '}';
            out[at] = '\n';
            return new Encoded(out, hash);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    record Encoded(byte[] line, String hash) {
    }

    private static final byte[] SIGNATURE_OPEN = "\"signature\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * What a checkpoint's signature covers from format 3 on: the line's own bytes, as hashed (without the hash
     * field), with the signature's value left empty. So every byte of the line is signed (its time, its
     * actor, a field added to it), not only the chain fields. Null if the line holds no such signature field.
     */
    static byte[] signedContent(byte[] line, int length, String signature) {
        int open = length - HASH_SUFFIX;
        byte[] value = signature.getBytes(StandardCharsets.US_ASCII);
        int at = lastIndexOf(line, open, SIGNATURE_OPEN, value);
        if (open < 0 || at < 0) {
            return null;
        }
        int valueAt = at + SIGNATURE_OPEN.length;
        byte[] content = new byte[open - value.length + 1];
        System.arraycopy(line, 0, content, 0, valueAt);
        System.arraycopy(line, valueAt + value.length, content, valueAt, open - valueAt - value.length);
        content[content.length - 1] = '}';
        return content;
    }

    /** The last place in {@code bytes[0, end)} where {@code open}, then {@code value}, then a quote stand. */
    private static int lastIndexOf(byte[] bytes, int end, byte[] open, byte[] value) {
        int whole = open.length + value.length + 1;
        outer:
        for (int i = end - whole; i >= 0; i--) {
            for (int j = 0; j < open.length; j++) {
                if (bytes[i + j] != open[j]) {
                    continue outer;
                }
            }
            for (int j = 0; j < value.length; j++) {
                if (bytes[i + open.length + j] != value[j]) {
                    continue outer;
                }
            }
            if (bytes[i + whole - 1] == '"') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The hash a line claims, after checking that its content matches it; {@code null} when the line has
     * no well-formed hash field or its content was changed.
     */
    static String checkHash(byte[] line, int length, MessageDigest digest) {
        if (length < HASH_SUFFIX + 2 || line[length - 1] != '}' || line[length - 2] != '"') {
            return null;
        }
        int open = length - HASH_SUFFIX;
        for (int i = 0; i < HASH_OPEN.length; i++) {
            if (line[open + i] != HASH_OPEN[i]) {
                return null;
            }
        }
        String claimed = new String(line, open + HASH_OPEN.length, 64, StandardCharsets.US_ASCII);
        digest.reset();
        digest.update(line, 0, open);
        digest.update((byte) '}');
        return HEX.formatHex(digest.digest()).equals(claimed) ? claimed : null;
    }

    /**
     * What the chain checks read from a line (whose hash was checked): its place in the chain, its type, and
     * the few fields of the events the reader checks (the keys that sign, the checkpoints' signatures). One
     * streaming pass that skips everything else: checking a trace needs no event decoded.
     */
    record Envelope(long seq, String time, String campaign, String actor, String type, String prev,
                    int formatVersion, String signingKey, boolean sealed, String signature, int typeAt) {
    }

    /**
     * The envelope of a line; throws {@link IOException} with a reason if the line is not one. A line in
     * the writer's own layout is read in place (measured: a 100,000-line trace's envelopes in a tenth of the
     * time a JSON parser takes, most of it the parser's warm-up); any other line, and the lines whose event
     * fields the reader needs, go through the JSON parser.
     */
    static Envelope envelope(byte[] line, int length) throws IOException {
        Envelope inPlace = WriterLayout.envelope(line, length);
        return inPlace != null ? inPlace : parse(line, length);
    }

    /** The envelope, by a JSON parser: any field order, any escapes. */
    private static Envelope parse(byte[] line, int length) throws IOException {
        long seq = -1;
        int formatVersion = 0;
        boolean sealed = false;
        String time = null;
        String campaign = null;
        String actor = null;
        String type = null;
        String prev = null;
        String signingKey = null;
        String signature = null;
        try (JsonParser p = PARSERS.createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            for (JsonToken token = p.nextToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (field) {
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "time" -> time = text(p, value);
                    case "campaign" -> campaign = text(p, value);
                    case "actor" -> actor = text(p, value);
                    case "type" -> type = text(p, value);
                    case "prev" -> prev = text(p, value);
                    case "formatVersion" -> formatVersion = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "signingKey" -> signingKey = text(p, value);
                    case "sealed" -> sealed = value == JsonToken.VALUE_TRUE;
                    case "signature" -> signature = text(p, value);
                    default -> { }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not one JSON object");
            }
        }
        String missing = seq < 0 ? "seq" : time == null ? "time" : campaign == null ? "campaign"
                : actor == null ? "actor" : type == null ? "type" : prev == null ? "prev" : null;
        if (missing != null) {
            throw new IOException("missing the field '" + missing + "'");
        }
        return new Envelope(seq, time, campaign, actor, type, prev, formatVersion, signingKey, sealed, signature, -1);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /**
     * The event of a line whose hash was checked, bound straight from its bytes (the envelope's fields are not
     * the event's, and ignored). A line in the writer's layout is bound from its type field on, which this
     * overwrites with the object's opening brace: the binder then meets the type first and need not buffer.
     */
    static TraceEvent event(byte[] line, int length, Envelope envelope) throws IOException {
        TraceEvent inPlace = inPlace(line, length, envelope);
        return inPlace != null ? inPlace : parsed(line, length, envelope);
    }

    /** The event, if it can be had without the data binding (the writer's layout, a checkpoint); else null. */
    static TraceEvent inPlace(byte[] line, int length, Envelope envelope) {
        if (envelope.type().equals("Checkpoint") && envelope.signature() != null) {
            return new TraceEvent.Checkpoint(envelope.sealed(), envelope.signature());
        }
        return envelope.typeAt() > 0 ? WriterLayout.event(line, envelope.typeAt(), length, envelope.type()) : null;
    }

    /** The event, by the data binding. */
    static TraceEvent parsed(byte[] line, int length, Envelope envelope) throws IOException {
        int from = envelope.typeAt();
        if (from <= 0) {
            return Binding.EVENTS.readValue(line, 0, length);
        }
        line[from] = '{';
        return Binding.EVENTS.readValue(line, from, length - from);
    }

    /**
     * {@link Instant#parse}, with the form the writer uses ({@link Instant#toString}: UTC, 0, 3, 6 or 9
     * fraction digits) read directly: the general parser took a tenth of a 100,000-line replay.
     */
    static Instant instant(String text) {
        int n = text.length();
        boolean plain = (n == 20 || n == 24 || n == 27 || n == 30) && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(n - 1) == 'Z' && (n == 20 || text.charAt(19) == '.');
        if (plain) {
            try {
                long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    int nanos = n == 20 ? 0 : digits(text, 20, n - 1) * (int) Math.pow(10, 9 - (n - 21));
                    return Instant.ofEpochSecond(day * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
                }
            } catch (RuntimeException e) {
                // not the plain form after all: the general parser says why
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
