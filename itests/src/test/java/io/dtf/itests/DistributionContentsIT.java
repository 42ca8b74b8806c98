package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The distribution carries every DTF feature, boots it, and holds every bundle and configuration file
 * those features name in its own {@code system/} repository, so that its archive runs on a machine
 * without a Maven repository. A new {@code dtf-*} feature that is not part of the {@code dtf} feature
 * (which the distribution boots) fails this test, and with it the build.
 */
public class DistributionContentsIT {
    private static Path assembly;
    private static Map<String, Element> features;

    @BeforeClass
    public static void readTheBuiltDistributionAndFeatures() throws Exception {
        assembly = Path.of(System.getProperty("dtf.distribution"));
        Path descriptor = Path.of(System.getProperty("dtf.features"));
        assertTrue("the distribution is built first: " + assembly, Files.isDirectory(assembly.resolve("system")));
        assertTrue("the features are built first: " + descriptor, Files.isRegularFile(descriptor));
        features = new LinkedHashMap<>();
        NodeList list = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor.toFile())
                .getDocumentElement().getElementsByTagName("feature");
        for (int i = 0; i < list.getLength(); i++) {
            Element feature = (Element) list.item(i);
            if (feature.hasAttribute("name")) { // a <feature> inside a feature is a reference, without a name attribute
                features.put(feature.getAttribute("name"), feature);
            }
        }
    }

    @Test
    public void everyDtfFeatureIsBooted() throws IOException {
        Set<String> booted = closure(bootFeatures());
        Set<String> missing = new TreeSet<>(features.keySet());
        missing.removeAll(booted);
        assertEquals("DTF features the distribution does not boot (add them to the \"dtf\" feature): " + missing,
                Set.of(), missing);
    }

    @Test
    public void everyBundleAndConfigurationOfADtfFeatureIsInTheSystemRepository() {
        List<String> absent = new ArrayList<>();
        for (Element feature : features.values()) {
            for (String tag : List.of("bundle", "configfile")) {
                NodeList items = feature.getElementsByTagName(tag);
                for (int i = 0; i < items.getLength(); i++) {
                    String url = items.item(i).getTextContent().trim();
                    if (!Files.isRegularFile(assembly.resolve("system").resolve(systemPath(url)))) {
                        absent.add(feature.getAttribute("name") + ": " + url);
                    }
                }
            }
        }
        assertEquals("not in the distribution's system/ repository", List.of(), absent);
    }

    /** Feature names in {@code featuresBoot} of the assembly's etc/org.apache.karaf.features.cfg, without versions. */
    private static Set<String> bootFeatures() throws IOException {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(assembly.resolve("etc/org.apache.karaf.features.cfg"))) {
            cfg.load(in);
        }
        Set<String> names = new TreeSet<>();
        for (String entry : cfg.getProperty("featuresBoot", "").split(",")) {
            String name = entry.trim().replaceAll("[()]", "").split("/")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** The given features and every DTF feature they include, transitively. */
    private static Set<String> closure(Set<String> roots) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Element feature = features.get(name);
            if (seen.add(name) && feature != null) {
                NodeList refs = feature.getElementsByTagName("feature");
                for (int i = 0; i < refs.getLength(); i++) {
                    todo.push(refs.item(i).getTextContent().trim());
                }
            }
        }
        return seen;
    }

    /**
     * Where Karaf keeps {@code mvn:group/artifact/version[/type[/classifier]]} in {@code system/}: the Maven
     * repository layout.
     */
    static Path systemPath(String url) {
        String[] part = url.replaceFirst("^mvn:", "").split("/");
        String type = part.length > 3 && !part[3].isEmpty() ? part[3] : "jar";
        String classifier = part.length > 4 ? "-" + part[4] : "";
        String file = part[1] + "-" + part[2] + classifier + "." + type;
        return Path.of(part[0].replace('.', '/'), part[1], part[2], file);
    }
}
