package io.dtf.rest.impl.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ErrorCode;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.config.TestConfig;
import io.dtf.rest.impl.http.Caller;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    static final String PLAIN = "a-plain-token-of-some-length";

    @TempDir
    Path data;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private Authenticator authenticator() {
        return new Authenticator(new TokenFile(data.resolve("dtf").resolve(TokenFile.NAME)),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static RestConfig tokens(String... entries) {
        return TestConfig.of(Map.of("_tokens", entries));
    }

    private static String hex(String token) {
        return HexFormat.of().formatHex(TokenTable.sha256(token));
    }

    @Test
    void hashedAndPlainEntriesWithTheirRoles() {
        Authenticator auth = authenticator();
        auth.activate(tokens("submitter:sha256:" + hex("hashed-token-0123456789").toUpperCase() + ", viewer:" + PLAIN,
                "worker:" + PLAIN + "-w"));
        assertEquals(Role.SUBMITTER, auth.authenticate("Bearer hashed-token-0123456789").role());
        assertEquals(Role.VIEWER, auth.authenticate("bearer   " + PLAIN).role());
        assertEquals(Role.WORKER, auth.authenticate("Bearer " + PLAIN + "-w").role());
        assertEquals("viewer token #2", auth.authenticate("Bearer " + PLAIN).name());
        assertFalse(auth.usingGenerated());
        assertFalse(Files.exists(data.resolve("dtf")), "nothing is generated when tokens are configured");
    }

    @Test
    void unusableEntriesAreReportedWithoutTheirValues() {
        List<String> warnings = new ArrayList<>();
        TokenTable table = TokenTable.parse(new String[] {"nocolon-secret1", "king:secret-value-1234567",
            "admin:sha256:abc", "viewer:", "viewer:short-secret", "admin:" + PLAIN, null, " , "}, warnings::add);
        assertEquals(1, table.size());
        assertEquals(5, warnings.size(), warnings.toString());
        for (String warning : warnings) {
            assertFalse(warning.contains("secret"), warning);
        }
        assertTrue(warnings.get(3).contains("empty"), warnings.get(3));
    }

    @Test
    void missingMalformedAndUnknownTokensAre401() {
        Authenticator auth = authenticator();
        auth.activate(tokens("admin:" + PLAIN));
        for (String header : new String[] {null, "", "Basic abc", "Bearer", "Bearer ", "Bearer wrong-token-123456789",
            "Bearer " + "x".repeat(5000), "Bearer " + PLAIN + "x"}) {
            RestError error = assertThrows(RestError.class, () -> auth.authenticate(header), String.valueOf(header));
            assertEquals(ErrorCode.UNAUTHORIZED, error.code());
            assertTrue(error.headers().get("WWW-Authenticate").startsWith("Bearer realm=\"dtf\""));
            assertFalse(error.getMessage().contains("wrong-token"));
        }
    }

    @Test
    void rolesAllowWhatTheContractSays() {
        assertTrue(Role.ADMIN.allows(Role.WORKER) && Role.ADMIN.allows(Role.ADMIN) && Role.ADMIN.allows(Role.VIEWER));
        assertTrue(Role.SUBMITTER.allows(Role.VIEWER) && Role.SUBMITTER.allows(Role.SUBMITTER));
        assertFalse(Role.SUBMITTER.allows(Role.ADMIN) || Role.SUBMITTER.allows(Role.WORKER));
        assertTrue(Role.VIEWER.allows(Role.VIEWER) && Role.VIEWER.allows(Role.PUBLIC));
        assertFalse(Role.VIEWER.allows(Role.SUBMITTER));
        assertTrue(Role.WORKER.allows(Role.WORKER));
        assertFalse(Role.WORKER.allows(Role.VIEWER) || Role.WORKER.allows(Role.SUBMITTER));
        RestError forbidden = assertThrows(RestError.class,
                () -> Authenticator.authorize(new Caller(Role.WORKER, "w"), Role.VIEWER));
        assertEquals(ErrorCode.FORBIDDEN, forbidden.code());
        assertEquals("this call needs the viewer role; the token has the worker role", forbidden.getMessage());
    }

    @Test
    void firstStartGeneratesAnAdminAndAWorkerTokenPrintedOnceAndKeptOwnerOnly() throws Exception {
        Authenticator first = authenticator();
        first.activate(TestConfig.defaults());
        assertTrue(first.usingGenerated());
        String admin = first.generatedToken(Role.ADMIN).orElseThrow();
        String worker = first.generatedToken(Role.WORKER).orElseThrow();
        assertTrue(admin.startsWith("dtf_") && admin.length() > 40);
        assertEquals(Role.ADMIN, first.authenticate("Bearer " + admin).role());
        assertEquals(Role.WORKER, first.authenticate("Bearer " + worker).role());
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(admin));
        assertFalse(printed.contains(worker), "only the admin token is printed");
        Path file = data.resolve("dtf").resolve(TokenFile.NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        console.reset();
        Authenticator again = authenticator();
        again.activate(TestConfig.defaults());
        assertEquals(admin, again.generatedToken(Role.ADMIN).orElseThrow(), "the same tokens after a restart");
        assertEquals("", console.toString(StandardCharsets.UTF_8), "printed only once");

        again.activate(tokens("admin:" + PLAIN));
        assertFalse(again.usingGenerated());
        assertTrue(again.generatedToken(Role.ADMIN).isEmpty());
        assertThrows(RestError.class, () -> again.authenticate("Bearer " + admin),
                "generated tokens stop working once tokens are configured");
    }

    @Test
    void aTokenFileReadableByOthersIsRestricted() throws Exception {
        Path file = data.resolve("dtf").resolve(TokenFile.NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "admin=" + PLAIN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Authenticator auth = authenticator();
        auth.activate(TestConfig.defaults());
        assertEquals(PLAIN, auth.generatedToken(Role.ADMIN).orElseThrow());
        assertTrue(auth.generatedToken(Role.WORKER).isPresent(), "the missing worker token was added");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(console.toString(StandardCharsets.UTF_8).contains(PLAIN), "a known admin token is not printed");
    }

    @Test
    void withoutTokensAndWithoutGenerationEveryoneIsRefused() {
        Authenticator auth = authenticator();
        auth.activate(TestConfig.of(Map.of("generateTokens", false)));
        assertThrows(RestError.class, () -> auth.authenticate("Bearer " + PLAIN));
        assertFalse(Files.exists(data.resolve("dtf")));
    }

    @Test
    void aConfigEntryIsTheHashOfItsToken() {
        String entry = TokenTable.configEntry(Role.SUBMITTER, PLAIN);
        assertEquals("submitter:sha256:" + hex(PLAIN), entry);
        TokenTable table = TokenTable.parse(new String[] {entry}, w -> { });
        assertEquals(Role.SUBMITTER, table.find(PLAIN).role());
        assertNull(table.find(PLAIN + " "));
    }
}
