package io.dtf.http.impl.connection;

/**
 * A forward proxy (HTTP CONNECT for https targets), with credentials for its {@code 407} challenges.
 *
 * @param user {@code null} when the proxy asks for none
 * @param password registered with {@code Secrets} by whoever made these settings
 */
public record ProxySettings(String host, int port, String user, String password) {
    public ProxySettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a proxy needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a proxy port: " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + (user == null ? "" : " as " + user);
    }
}
