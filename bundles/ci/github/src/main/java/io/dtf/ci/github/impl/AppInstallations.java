package io.dtf.ci.github.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.HttpAuth;
import io.dtf.http.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GitHub App's credentials (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app):
 * a JWT signed with the App's private key gets an installation access token
 * ({@code POST /app/installations/{installation_id}/access_tokens}), which every other request carries. The
 * installation is the configured one, or the one on the run's repository ({@code GET /repos/{owner}/{repo}/installation}),
 * asked once per repository. A token is kept until {@link #RENEW_BEFORE_EXPIRY} before its {@code expires_at}
 * (an hour after it was made), and forgotten when GitHub answers 401 to it; concurrent callers share one request
 * for it. Thread-safe.
 */
final class AppInstallations implements Credentials {
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    /** GitHub accepts JWTs that expire at most 10 minutes after they were issued (issued 60 s back). */
    static final Duration JWT_LIFETIME = Duration.ofMinutes(9);

    /** An installation token and when it expires. */
    private record Token(String value, Instant expiresAt, HttpAuth auth) {
    }

    private final GitHubHttp http;
    private final String appId;
    private final HttpAuth jwt;
    private final Long installationId;
    private final Clock clock;
    private final BoundedCache<String, Long> installations = new BoundedCache<>(1_000);
    private final Map<Long, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();

    /**
     * @param installationId the configured installation, or {@code null} to ask for the repository's
     * @throws IllegalArgumentException when the key is not an RSA private key in PEM (the message never shows it)
     */
    AppInstallations(GitHubHttp http, String appId, String pemPrivateKey, Long installationId, Clock clock) {
        this.http = http;
        this.appId = appId;
        this.jwt = HttpAuth.jwt(appId, pemPrivateKey, JWT_LIFETIME, clock);
        this.installationId = installationId;
        this.clock = clock;
    }

    @Override
    public boolean checkRuns() {
        return true;
    }

    @Override
    public CompletableFuture<HttpAuth> forRepository(Repo repo) {
        return installation(repo).thenCompose(id -> token(id).whenComplete((token, failure) -> {
            if (failure != null) {
                installations.remove(repo.key()); // the App may have been installed again, under another id
            }
        })).thenApply(Token::auth);
    }

    @Override
    public boolean renew(Repo repo, HttpAuth rejected) {
        tokens.forEach((id, token) -> {
            if (token.isDone() && !token.isCompletedExceptionally() && token.join().auth() == rejected) {
                tokens.remove(id, token);
            }
        });
        return true;
    }

    private CompletableFuture<Long> installation(Repo repo) {
        if (installationId != null) {
            return CompletableFuture.completedFuture(installationId);
        }
        Long known = installations.get(repo.key());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return http.request("GET", "/repos/{}/{}/installation", repo.owner(), repo.name()).auth(jwt)
                .asAsync(JsonNode.class)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(Credentials.status(failure) == 404
                        ? new ExternalSystemException(ExternalSystemResult.notFound("the GitHub App " + appId
                        + " is not installed on " + repo + ": install it on the repository or its owner"), failure)
                        : failure))
                .thenApply(answer -> {
                    long id = answer.path("id").asLong(0);
                    if (id <= 0) {
                        throw new ExternalSystemException(ExternalSystemResult.unavailable("no_installation_id",
                                "GitHub named no installation id for " + repo));
                    }
                    installations.put(repo.key(), id);
                    return id;
                });
    }

    /** The installation's token: the one kept while it is fresh, or being fetched; else a new one. */
    private CompletableFuture<Token> token(long installation) {
        while (true) {
            CompletableFuture<Token> current = tokens.get(installation);
            if (current != null && (!current.isDone() || fresh(current))) {
                return current;
            }
            CompletableFuture<Token> next = new CompletableFuture<>();
            boolean mine = current == null ? tokens.putIfAbsent(installation, next) == null
                    : tokens.replace(installation, current, next);
            if (mine) {
                if (current != null && !current.isCompletedExceptionally()) {
                    Secrets.unregister(current.join().value());
                }
                fetch(installation).whenComplete((token, failure) -> {
                    if (failure != null) {
                        tokens.remove(installation, next);
                        next.completeExceptionally(failure);
                    } else {
                        next.complete(token);
                    }
                });
                return next;
            }
        }
    }

    private boolean fresh(CompletableFuture<Token> token) {
        return !token.isCompletedExceptionally()
                && clock.instant().isBefore(token.join().expiresAt().minus(RENEW_BEFORE_EXPIRY));
    }

    private CompletableFuture<Token> fetch(long installation) {
        return http.request("POST", "/app/installations/{}/access_tokens", installation).auth(jwt)
                .asAsync(JsonNode.class)
                .thenApply(answer -> {
                    String value = answer.path("token").asText("");
                    if (value.isBlank()) {
                        throw new ExternalSystemException(ExternalSystemResult.unavailable("no_token",
                                "GitHub answered no token for installation " + installation + " of App " + appId));
                    }
                    String token = Secrets.register(value);
                    return new Token(token, expiry(answer.path("expires_at").asText("")),
                            header -> header.accept("Authorization", "Bearer " + token));
                });
    }

    /** {@code expires_at}; an hour from now (GitHub's lifetime of these tokens) when it cannot be read. */
    private Instant expiry(String expiresAt) {
        try {
            return Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            return clock.instant().plus(Duration.ofHours(1));
        }
    }
}
