package org.sciloop.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Answers of a data service on disk, one file per request (keyed by the SHA-256 of method, URL and body;
 * never the credentials), so that a replayed or resumed campaign gets the same answers, offline. Files are
 * written whole and then moved into place, so a crash never leaves half an answer.
 */
final class ResponseCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    ResponseCache(Path dir) {
        this.dir = dir;
    }

    /** A successful answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    static String key(String method, String url, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + "\n" + url + "\n" + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    Optional<Answer> get(String key) {
        Path file = dir.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode entry = JSON.readTree(file.toFile());
            return Optional.of(new Answer(entry.path("status").asInt(), entry.path("body")));
        } catch (IOException e) {
            return Optional.empty();   // unreadable: ask the service again, which rewrites it
        }
    }

    void put(String key, String method, String url, Answer answer) throws IOException {
        Files.createDirectories(dir);
        ObjectNode entry = JSON.createObjectNode().put("method", method).put("url", url).put("status", answer.status());
        entry.set("body", answer.body());
        Path tmp = Files.createTempFile(dir, key, ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(entry));
        Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
