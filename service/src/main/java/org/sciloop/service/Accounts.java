package org.sciloop.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.sciloop.core.trace.PersonName;
import org.sciloop.core.trace.PersonalKey;

/**
 * The service's users and their API tokens. A token is shown once, when it is made; the store keeps only its
 * SHA-256, so a copy of the database lets nobody in. Each user has a personal signing key (as {@code sciloop
 * key --user} makes), under the service's configuration folder: what they decide through the service is signed
 * with it.
 */
public final class Accounts {
    /** A name as sciloop records a person: 1-64 letters, digits and {@code . _ @ -}. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Path configDirectory;
    private final Clock clock;

    public Accounts(Store store, Path configDirectory, Clock clock) {
        this.store = store;
        this.configDirectory = configDirectory;
        this.clock = clock;
    }

    /** On a store with no users: makes {@code admin} and returns its first token, to be shown once. */
    public Optional<String> bootstrap(Duration tokenLife) {
        if (store.userCount() > 0) {
            return Optional.empty();
        }
        addUser("admin", Role.ADMIN);
        return Optional.of(issueToken("admin", "first admin token", tokenLife));
    }

    public void addUser(String name, Role role) {
        PersonName.problem(name).ifPresent(problem -> {
            throw new Problem(400, "a user's name is " + problem);
        });
        if (store.role(name).isPresent()) {
            throw new Problem(409, "user " + name + " exists");
        }
        store.users().stream().filter(u -> u[0].equalsIgnoreCase(name)).findFirst().ifPresent(u -> {
            throw new Problem(409, "'" + name + "' differs from user " + u[0] + " only in case; one person, one name");
        });
        PersonalKey.of(name, configDirectory.resolve("people").resolve(name));  // their signing key, made now
        store.addUser(name, role, clock.instant().toString());
    }

    /** A new token for {@code user}, valid for {@code life}: returned once, stored only as its hash. */
    public String issueToken(String user, String label, Duration life) {
        requireUser(user);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "slt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        store.addToken(hash(token), user, label == null ? "" : label, now.plus(life).toString(), now.toString());
        return token;
    }

    /** The caller an {@code Authorization: Bearer} header names; 401 for none, an unknown or an expired token. */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new Problem(401, "log in: send 'Authorization: Bearer <token>' (an admin makes tokens)");
        }
        if (!authorization.startsWith("Bearer ")) {
            throw new Problem(401, "the Authorization header must be 'Bearer <token>'");
        }
        Optional<String[]> found = store.token(hash(authorization.substring(7).strip()));
        if (found.isEmpty()) {
            throw new Problem(401, "this token is not one the service issued (or it was revoked)");
        }
        if (!clock.instant().isBefore(Instant.parse(found.get()[1]))) {
            throw new Problem(401, "this token expired at " + found.get()[1] + "; ask an admin for a new one");
        }
        String user = found.get()[0];
        Role role = store.role(user).orElseThrow(() -> new Problem(401, "the user of this token was removed"));
        return new Caller(user, role);
    }

    /** Revokes one token (a browser's session at logout). */
    public void revoke(String token) {
        store.revokeToken(hash(token));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Revokes every token of {@code user}: how many there were. A name that is no user's is refused, not 0. */
    public int revokeTokens(String user) {
        requireUser(user);
        return store.revokeTokens(user);
    }

    private void requireUser(String user) {
        if (store.role(user).isEmpty()) {
            throw new Problem(404, "no user " + user);
        }
    }
}
