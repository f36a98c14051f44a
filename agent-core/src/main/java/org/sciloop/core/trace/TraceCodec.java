package org.sciloop.core.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    static final String GENESIS = "0".repeat(64);

    private static final byte[] HASH_OPEN = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"hash":"} + 64 hex digits + {@code "}} */
    static final int HASH_SUFFIX = HASH_OPEN.length + 64 + 2;
    private static final HexFormat HEX = HexFormat.of();

    private TraceCodec() {
    }

    /** The line (with its newline) for an event, and its hash. */
    static Encoded encode(long seq, Instant time, String campaign, String actor, TraceEvent event, String prev) {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", seq);
        line.put("time", time.toString());
        line.put("campaign", campaign);
        line.put("actor", actor);
        line.setAll((ObjectNode) JSON.valueToTree(event));
        line.put("prev", prev);
        try {
            byte[] body = JSON.writeValueAsBytes(line);
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

    /** Parses a line whose hash was checked; throws {@link IOException} with a reason if it is not an event. */
    static TraceRecord decode(byte[] line, int length, String hash) throws IOException {
        JsonNode node = JSON.readTree(line, 0, length);
        if (!(node instanceof ObjectNode object)) {
            throw new IOException("not a JSON object");
        }
        for (String field : new String[] {"seq", "time", "campaign", "actor", "type", "prev"}) {
            if (!object.hasNonNull(field)) {
                throw new IOException("missing the field '" + field + "'");
            }
        }
        long seq = object.remove("seq").asLong();
        Instant time = Instant.parse(object.remove("time").asText());
        String campaign = object.remove("campaign").asText();
        String actor = object.remove("actor").asText();
        String prev = object.remove("prev").asText();
        object.remove("hash");
        TraceEvent event = JSON.treeToValue(object, TraceEvent.class);
        return new TraceRecord(seq, time, campaign, actor, event, prev, hash);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
