package io.dtf.client.impl.cli;

import io.dtf.api.task.RunId;
import io.dtf.client.DtfClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The run's JUnit XML report for {@code --junit-xml}: the coordinator's merged document
 * ({@code GET /api/v1/runs/{id}/junit.xml}, one {@code <testsuite>} per task, tests retried within the run with
 * Surefire's {@code flakyFailure}/{@code rerunFailure}, tasks without test cases as test cases of their own), written
 * to the file atomically (a temporary file moved in place), so that a CI's report step never reads half a file.
 */
final class JUnitXmlReport {
    private static final String NOT_JUNIT = "the coordinator's JUnit XML is not a <testsuites tests=...> document";
    private final DtfClient client;
    private final RunId run;

    JUnitXmlReport(DtfClient client, RunId run) {
        this.client = client;
        this.run = run;
    }

    /**
     * Writes the report to {@code file}.
     *
     * @return the test cases it holds (the {@code tests} of its {@code <testsuites>})
     */
    int write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path temp = Files.createTempFile(target.getParent(), ".dtf-junit-", ".xml");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                client.junitXml(run, out);
            }
            int tests = tests(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return tests;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The {@code tests} attribute of the document's root element. */
    static int tests(Path report) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = Files.newInputStream(report)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                        String tests = xml.getAttributeValue(null, "tests");
                        if (!xml.getLocalName().equals("testsuites") || tests == null) {
                            throw new IOException(NOT_JUNIT + " (it is a <" + xml.getLocalName() + ">)");
                        }
                        return Integer.parseInt(tests.strip());
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException(NOT_JUNIT + ": " + e.getMessage(), e);
        }
        throw new IOException(NOT_JUNIT + " (it is empty)");
    }
}
