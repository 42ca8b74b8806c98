package io.dtf.rest.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST API, PID {@code io.dtf.rest} ({@code etc/io.dtf.rest.cfg}). */
@ObjectClassDefinition(name = "DTF REST API",
        description = "Tokens and limits of the DTF REST API under /api/v1 (etc/io.dtf.rest.cfg).")
public @interface RestConfig {
    String PID = "io.dtf.rest";

    /**
     * The key is {@code .tokens}: a private property (leading dot) that DS never copies into service
     * properties, where {@code service:list} would print it.
     */
    @AttributeDefinition(name = "Tokens", type = AttributeType.PASSWORD, cardinality = 100, required = false,
            description = "Bearer tokens with their roles (key .tokens), separated by commas: ROLE:sha256:HEX (the "
                    + "SHA-256 of the token, hex) or ROLE:TOKEN (a plain token of at least 16 characters, normally "
                    + "${env:NAME}, hashed at start). Roles: admin, submitter, viewer, worker. When none is configured, "
                    + "an admin and a worker token are generated at first start (see dtf:token).")
    String[] _tokens() default {};

    @AttributeDefinition(name = "Generate tokens",
            description = "Generate an admin and a worker token at first start when no token is configured, keep them "
                    + "in ${karaf.data}/dtf/rest-tokens.properties (mode 0600) and print the admin token once. Off: "
                    + "without configured tokens every call but /health, /ready and /api/openapi.json answers 401.")
    boolean generateTokens() default true;

    @AttributeDefinition(name = "Maximum plan size (bytes)", min = "1",
            description = "Largest plan POST /api/v1/runs accepts; larger ones get 413.")
    int maxPlanBytes() default 5 * 1024 * 1024;

    @AttributeDefinition(name = "Maximum body size (bytes)", min = "1",
            description = "Largest body of every other request; larger ones get 413.")
    int maxBodyBytes() default 1024 * 1024;

    @AttributeDefinition(name = "Maximum result size (bytes)", min = "1",
            description = "Largest result a worker reports (POST /api/v1/workers/{id}/completed): its test cases and "
                    + "their messages can make it large; larger ones get 413.")
    int maxResultBytes() default 16 * 1024 * 1024;

    @AttributeDefinition(name = "Maximum poll wait (s)", min = "1", max = "300",
            description = "A worker's long poll is answered after at most this long, whatever its maxWait says.")
    int maxPollWaitSeconds() default 30;

    @AttributeDefinition(name = "Maximum concurrent polls", min = "1",
            description = "Long polls waiting at once (each one worker); more are answered 429 at once.")
    int maxConcurrentPolls() default 512;

    @AttributeDefinition(name = "Maximum event clients", min = "1",
            description = "Clients of GET /api/v1/events at once; more are answered 429.")
    int maxEventClients() default 64;

    @AttributeDefinition(name = "Event buffer per client", min = "1",
            description = "Events waiting for one slow client; past that its events are dropped and it is told how "
                    + "many (event: dropped).")
    int eventBufferSize() default 1000;

    @AttributeDefinition(name = "Event heartbeat (s)", min = "1",
            description = "An idle event stream gets a comment line this often, which keeps proxies from closing it "
                    + "and finds clients that went away.")
    int eventHeartbeatSeconds() default 15;
}
