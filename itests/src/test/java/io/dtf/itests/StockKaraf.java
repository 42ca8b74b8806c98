package io.dtf.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Pax Exam set-up every integration test shares: a stock Apache Karaf, DTF's features repository
 * from the local Maven repository (as a user adds it), the named features installed.
 */
final class StockKaraf {
    private StockKaraf() {
    }

    /** Options for a stock Karaf with these DTF features installed, plus the test's own options. */
    static Option[] withFeatures(String[] dtfFeatures, Option... extra) {
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf", System.getProperty("karaf.version"))
                                .type("tar.gz"))
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // Pax Exam ignores -Dmaven.repo.local inside the container
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                features(maven("io.dtf", "dtf-features", System.getProperty("dtf.version")).classifier("features")
                        .type("xml"), dtfFeatures)));
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }

    /** A free port for Karaf's HTTP server, so that tests never collide with a running DTF. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
