package org.sciloop.service;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;

/**
 * Who a request comes from: an API client by its {@code Authorization: Bearer} token, a browser by its session
 * cookie. A session is a token of its own (made at login, stored hashed like every token, ended at logout), kept
 * in an HttpOnly, SameSite=Strict cookie, Secure whenever the service runs on HTTPS. A request from a browser
 * that changes anything must also carry the session's CSRF token, which only the service's own pages know.
 */
final class Sessions {
    static final String COOKIE = "sciloop_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** How long a browser stays logged in. */
    static final Duration LIFE = Duration.ofHours(12);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Accounts accounts;

    Sessions(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The caller of an API request, by bearer token or session cookie (with its CSRF token if it changes things). */
    Caller apiCaller(Context ctx) {
        String authorization = ctx.header("Authorization");
        String session = ctx.cookie(COOKIE);
        if (authorization != null || session == null) {
            return accounts.authenticate(authorization);
        }
        Caller caller = accounts.authenticate("Bearer " + session);
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(), csrf(session).getBytes())) {
                throw new Problem(403, "a change from a browser needs the page's CSRF token (" + CSRF_HEADER
                        + "); reload the page");
            }
        }
        return caller;
    }

    /** The caller of a page, by session cookie; empty when the browser must log in (again). */
    java.util.Optional<Caller> pageCaller(Context ctx) {
        String session = ctx.cookie(COOKIE);
        if (session == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(accounts.authenticate("Bearer " + session));
        } catch (Problem expiredOrRevoked) {
            return java.util.Optional.empty();
        }
    }

    /** Logs a browser in with one of its user's tokens: a new session, set as its cookie. */
    Caller logIn(Context ctx, String token) {
        Caller caller = accounts.authenticate("Bearer " + (token == null ? "" : token.strip()));
        String session = accounts.issueToken(caller.name(), "browser session", LIFE);
        ctx.header("Set-Cookie", COOKIE + "=" + session + "; Path=/; Max-Age=" + LIFE.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
        return caller;
    }

    /** Ends the browser's session: its token is revoked, its cookie cleared. */
    void logOut(Context ctx) {
        String session = ctx.cookie(COOKIE);
        if (session != null) {
            accounts.revoke(session);
        }
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
    }

    /** The CSRF token of the browser's session, for its pages; derived from the secret session, never stored. */
    String csrfOf(Context ctx) {
        String session = ctx.cookie(COOKIE);
        return session == null ? "" : csrf(session);
    }

    private static String csrf(String session) {
        return Accounts.hash("sciloop-csrf\n" + session);
    }

    private static boolean secure(Context ctx) {
        return "https".equals(ctx.scheme());
    }
}
