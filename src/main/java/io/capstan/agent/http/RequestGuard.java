package io.capstan.agent.http;

import io.capstan.agent.AgentConfig;
import io.capstan.agent.audit.AuditLog;
import io.capstan.agent.auth.TokenFile;
import io.capstan.agent.auth.TokenRegistry;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.IdempotencyKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What every request passes before its route runs: the Host check (DNS rebinding), the bearer token, and the
 * declared body size. Runs as a Javalin {@code before} handler, so an unknown route is checked as well.
 */
final class RequestGuard {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    /**
     * Headers that carry one value: two of them are ambiguous (which one counts?) and refused, not guessed at.
     * List headers such as {@code Accept} may legitimately come on several lines and are read whole.
     */
    private static final List<String> SINGLE_HEADERS = List.of("Authorization", "Content-Type", "Last-Event-ID",
            IdempotencyKey.HEADER);

    /** The request attribute holding the name of the token that was accepted. */
    static final String WHO = "capstan.who";
    private static final String HOLDER = "capstan.holder";

    /** Whose token a request carried, and its SHA-256: what an open stream checks again at each wake-up. */
    record Holder(String name, byte[] sha256) {
    }

    private final AgentConfig config;
    private final TokenRegistry tokens;
    private final String openPath;
    private final IntSupplier port;

    /** @param openPath the one path served without a token (health) */
    RequestGuard(AgentConfig config, TokenRegistry tokens, String openPath, IntSupplier port) {
        this.config = config;
        this.tokens = tokens;
        this.openPath = openPath;
        this.port = port;
    }

    void check(Context ctx) {
        for (String name : SINGLE_HEADERS) {
            java.util.Enumeration<String> values = ctx.req().getHeaders(name);
            if (values != null && values.hasMoreElements()) {
                values.nextElement();
                if (values.hasMoreElements()) throw new ApiException(ErrorCode.BAD_REQUEST, "more than one " + name + " header");
            }
        }
        if (!hostAllowed(ctx.header("Host"))) {
            throw new ApiException(ErrorCode.FORBIDDEN_HOST, "Host header not accepted: " + ctx.header("Host"));
        }
        if (!ctx.path().equals(openPath)) {
            TokenRegistry.Verdict v = tokens.check(bearer(ctx.header("Authorization")));
            if (!v.allowed()) {
                // A revoked token is someone we know being turned away: worth a line. Unknown tokens are not
                // logged, so a stranger cannot fill the log.
                if (v.name() != null) AuditLog.denied(v.name(), ctx.method() + " " + ctx.path(), v.reason(), Instant.now());
                throw new ApiException(ErrorCode.UNAUTHORIZED, v.reason(), null, v.refusal());
            }
            ctx.attribute(WHO, v.name());
            ctx.attribute(HOLDER, new Holder(v.name(), TokenFile.hash(bearer(ctx.header("Authorization")))));
        }
        long len = ctx.req().getContentLengthLong();
        if (len > config.maxBodyBytes()) {
            throw new ApiException(ErrorCode.TOO_LARGE, "request body over " + config.maxBodyBytes() + " bytes");
        }
    }

    /** The token holder of a request that passed {@link #check}; null on the open path. */
    static Holder holder(Context ctx) {
        return ctx.attribute(HOLDER);
    }

    /**
     * The credentials of a {@code Bearer} authorization, else nothing. The scheme is case-insensitive and may be
     * followed by more than one space (RFC 7235 section 2.1); the token itself is compared exactly.
     */
    static byte[] bearer(String authorization) {
        if (authorization == null) return new byte[0];
        String a = authorization.strip();
        int sp = a.indexOf(' ');
        if (sp < 0 || !a.substring(0, sp).equalsIgnoreCase("Bearer")) return new byte[0];
        return a.substring(sp + 1).strip().getBytes(StandardCharsets.UTF_8);
    }

    boolean hostAllowed(String host) {
        if (host == null || host.isBlank()) return false;
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String name : config.allowedHosts()) {
            String n = name.toLowerCase(Locale.ROOT);
            if (h.equals(n) || h.equals(n + ":" + port.getAsInt())) return true;
        }
        // DNS rebinding is defeated by the name: a hostile page's Host is its own name. The port is not checked,
        // so an SSH tunnel (ssh -L 9000:localhost:7417, Host: localhost:9000) or a local proxy still works.
        int colon = h.lastIndexOf(':');
        String name = colon < 0 || h.endsWith("]") ? h : h.substring(0, colon);
        return LOOPBACK.contains(name) || name.equals(config.bindHost().toLowerCase(Locale.ROOT));
    }
}
