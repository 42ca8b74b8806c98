package io.dtf.ci.azure.impl;

import java.net.URI;
import java.util.Locale;

/**
 * Tells whether a run's {@code collectionUri} (Azure Pipelines' {@code System.CollectionUri}) names the configured
 * organization. Organizations made before 2018 still answer, and are still named by their pipelines, as
 * {@code https://<organization>.visualstudio.com/}: the same organization as {@code https://dev.azure.com/<organization>}.
 */
final class Organization {
    private static final String LEGACY_HOST_SUFFIX = ".visualstudio.com";

    private Organization() {
    }

    static boolean same(URI configured, String collectionUri) {
        if (collectionUri == null || collectionUri.isBlank()) {
            return false;
        }
        try {
            return key(configured).equals(key(URI.create(collectionUri.strip())));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    /** {@code dev.azure.com/acme} for both spellings of an organization; {@code host[:port]/path} otherwise. */
    private static String key(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        if (host.endsWith(LEGACY_HOST_SUFFIX) && path.isEmpty()) {
            return "dev.azure.com/" + host.substring(0, host.length() - LEGACY_HOST_SUFFIX.length());
        }
        return host + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path;
    }
}
