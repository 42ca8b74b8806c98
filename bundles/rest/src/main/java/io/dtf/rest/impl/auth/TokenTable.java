package io.dtf.rest.impl.auth;

import io.dtf.rest.impl.http.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The known tokens, as SHA-256 hashes with their roles. A presented token is hashed and compared with
 * every entry in constant time; the plain token is never kept, logged or shown.
 *
 * <p>Configuration entries ({@code .tokens} in {@code etc/io.dtf.rest.cfg}) are {@code ROLE:sha256:HEX},
 * the hash of a token, or {@code ROLE:TOKEN}, a plain token (normally {@code ${env:NAME}}) that is hashed
 * here. Several entries may share one value, separated by commas.
 */
final class TokenTable {
    static final String HASH_PREFIX = "sha256:";
    static final int MIN_PLAIN_LENGTH = 16;
    /** Longer headers are refused before any hashing. */
    static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /** A known token: its hash, its role, and a name for logs that reveals nothing of the token. */
    record Entry(byte[] hash, Role role, String name) {
    }

    private final List<Entry> entries;

    TokenTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static final TokenTable EMPTY = new TokenTable(List.of());

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    /**
     * The entry whose token this is, or {@code null}. Every entry is compared, in constant time, whether
     * or not an earlier one matched.
     */
    Entry find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        byte[] hash = sha256(token);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry;
            }
        }
        return found;
    }

    /**
     * Reads configuration entries. Each value may hold several entries separated by commas. Entries
     * that cannot be used are reported to {@code warnings} by position and role only, never by value.
     */
    static TokenTable parse(String[] values, Consumer<String> warnings) {
        List<Entry> entries = new ArrayList<>();
        int position = 0;
        for (String value : values == null ? new String[0] : values) {
            if (value == null) {
                continue;
            }
            for (String raw : value.split(",")) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                position++;
                String where = ".tokens entry " + position;
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    warnings.accept(where + " is ignored: it is not ROLE:TOKEN or ROLE:sha256:HEX");
                    continue;
                }
                Role role = Role.ofToken(entry.substring(0, colon));
                if (role == null) {
                    warnings.accept(where + " is ignored: its role is not one of admin, submitter, viewer, worker");
                    continue;
                }
                String secret = entry.substring(colon + 1).trim();
                String name = role.id() + " token #" + position;
                if (secret.toLowerCase(Locale.ROOT).startsWith(HASH_PREFIX)) {
                    String hex = secret.substring(HASH_PREFIX.length());
                    if (!HEX64.matcher(hex).matches()) {
                        warnings.accept(where + " (" + role.id() + ") is ignored: a sha256: hash has 64 hex digits");
                        continue;
                    }
                    entries.add(new Entry(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), role, name));
                } else if (secret.isEmpty()) {
                    warnings.accept(where + " (" + role.id() + ") is ignored: its token is empty (an unset ${env:...}?)");
                } else if (secret.length() < MIN_PLAIN_LENGTH) {
                    warnings.accept(where + " (" + role.id() + ") is ignored: a token needs at least "
                            + MIN_PLAIN_LENGTH + " characters");
                } else {
                    entries.add(new Entry(sha256(secret), role, name));
                }
            }
        }
        return new TokenTable(entries);
    }

    /** A table of plain tokens by role, such as the generated ones. */
    static TokenTable ofPlain(Map<Role, String> tokens, String kind) {
        List<Entry> entries = new ArrayList<>();
        tokens.forEach((role, token) -> entries.add(new Entry(sha256(token), role, kind + " " + role.id() + " token")));
        return new TokenTable(entries);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
        }
    }

    /** The configuration entry for a token: {@code ROLE:sha256:HEX}. */
    static String configEntry(Role role, String token) {
        return role.id() + ":" + HASH_PREFIX + HexFormat.of().formatHex(sha256(token));
    }
}
