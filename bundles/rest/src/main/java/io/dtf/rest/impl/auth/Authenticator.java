package io.dtf.rest.impl.auth;

import io.dtf.api.ErrorCode;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.http.Caller;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: the bearer token of a request checked against the configured tokens, or, when none
 * is configured, against the admin and worker tokens generated at first start.
 */
@Component(service = Authenticator.class, configurationPid = RestConfig.PID, immediate = true)
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final String CHALLENGE = "Bearer realm=\"dtf\"";
    private static final Map<String, String> ASK_FOR_TOKEN = Map.of("WWW-Authenticate", CHALLENGE);
    private static final Map<String, String> INVALID_TOKEN = Map.of("WWW-Authenticate",
            CHALLENGE + ", error=\"invalid_token\"");

    private final TokenFile tokenFile;
    private final PrintStream console;
    private volatile TokenTable tokens = TokenTable.EMPTY;
    private volatile boolean usingGenerated;

    public Authenticator() {
        this(TokenFile.inKarafData(), System.out);
    }

    public Authenticator(TokenFile tokenFile, PrintStream console) {
        this.tokenFile = tokenFile;
        this.console = console;
    }

    @Activate
    @Modified
    public void activate(RestConfig config) {
        TokenTable configured = TokenTable.parse(config._tokens(), warning -> LOG.warn("etc/io.dtf.rest.cfg: {}", warning));
        if (!configured.isEmpty()) {
            tokens = configured;
            usingGenerated = false;
            LOG.info("REST API: {} configured token(s)", configured.size());
        } else if (config.generateTokens()) {
            tokens = TokenTable.ofPlain(generatedTokens(), "generated");
            usingGenerated = true;
        } else {
            tokens = TokenTable.EMPTY;
            usingGenerated = false;
            LOG.warn("REST API: no token is configured in etc/io.dtf.rest.cfg and generateTokens is off: every call "
                    + "that needs a token is refused");
        }
    }

    /** The tokens of the token file, generating (and announcing) the missing ones. */
    private Map<Role, String> generatedTokens() {
        try {
            Map<Role, String> known = tokenFile.read();
            Map<Role, String> tokens = new EnumMap<>(known);
            for (Role role : List.of(Role.ADMIN, Role.WORKER)) {
                tokens.computeIfAbsent(role, r -> TokenFile.newToken());
            }
            if (!tokens.equals(known)) {
                tokenFile.write(tokens);
                LOG.info("REST API: generated an admin and a worker token, kept in {} (mode 0600); dtf:token shows them",
                        tokenFile.path());
                if (!tokens.get(Role.ADMIN).equals(known.get(Role.ADMIN))) {
                    console.println("DTF REST API admin token (shown once; dtf:token shows it again): "
                            + tokens.get(Role.ADMIN));
                }
            }
            return tokens;
        } catch (IOException | RuntimeException e) {
            LOG.error("REST API: cannot read or write the generated tokens in {}: {}; every call that needs a token "
                    + "is refused", tokenFile.path(), e.toString());
            return Map.of();
        }
    }

    /**
     * The caller of a request with this {@code Authorization} header.
     *
     * @throws RestError 401 without a bearer token or with an unknown one
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new RestError(ErrorCode.UNAUTHORIZED, "this call needs a token: Authorization: Bearer <token>",
                    List.of(), ASK_FOR_TOKEN);
        }
        String header = authorization.trim();
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new RestError(ErrorCode.UNAUTHORIZED, "only bearer tokens are accepted: Authorization: Bearer <token>",
                    List.of(), ASK_FOR_TOKEN);
        }
        TokenTable.Entry entry = tokens.find(header.substring(7).trim());
        if (entry == null) {
            throw new RestError(ErrorCode.UNAUTHORIZED, "the token is not valid", List.of(), INVALID_TOKEN);
        }
        return new Caller(entry.role(), entry.name());
    }

    /**
     * @throws RestError 403 when the caller's role does not allow a route that needs {@code required}
     */
    public static void authorize(Caller caller, Role required) {
        if (!caller.role().allows(required)) {
            throw new RestError(ErrorCode.FORBIDDEN, "this call needs the " + required.id() + " role; the token has the "
                    + caller.role().id() + " role");
        }
    }

    /** The generated token of a role, while generated tokens are in use (no token is configured). */
    Optional<String> generatedToken(Role role) throws IOException {
        return usingGenerated ? Optional.ofNullable(tokenFile.read().get(role)) : Optional.empty();
    }

    boolean usingGenerated() {
        return usingGenerated;
    }

    TokenFile tokenFile() {
        return tokenFile;
    }
}
