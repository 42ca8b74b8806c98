package io.dtf.ci.bitbucket.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids that Bitbucket keys things by, made from names so that a repeated report names the same thing again: a
 * report's id, an annotation's {@code external_id}, a build status's {@code key}.
 */
final class StableIds {
    private StableIds() {
    }

    /**
     * {@code prefix} and {@code name} as letters, digits, {@code -} and {@code _}, at most {@code max} characters; a
     * name that had to be changed or shortened to fit ends with a hash of itself, so that two names never meet.
     */
    static String of(String prefix, String name, int max) {
        String plain = name.replaceAll("[^A-Za-z0-9_-]+", "-");
        String id = prefix + plain;
        if (plain.equals(name) && id.length() <= max) {
            return id;
        }
        String hash = "-" + hash(name, 12);
        return id.substring(0, Math.min(id.length(), max - hash.length())) + hash;
    }

    /** The first {@code digits} hex digits of the SHA-256 of {@code text}. */
    static String hash(String text, int digits) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, digits);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
