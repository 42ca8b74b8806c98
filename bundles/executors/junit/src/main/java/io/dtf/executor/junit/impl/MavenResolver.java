package io.dtf.executor.junit.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Resolves {@code groupId:artifactId:version} coordinates from a local Maven repository, offline: the
 * artifact's jar and its compile and runtime dependencies, read from the poms in the repository.
 *
 * <p>What it does: parent poms (properties, dependency management and dependencies inherited), simple
 * {@code ${...}} properties ({@code project.version}, {@code project.groupId}, the poms' own properties),
 * imported BOMs, exclusions (also {@code *}), optional dependencies left out, the nearest version of an
 * artifact wins (breadth first). What it does not: version ranges, profiles, relocations, the settings'
 * {@code localRepository}, remote repositories. Whatever it cannot resolve is skipped with a log line.
 */
final class MavenResolver {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    private final Path repository;
    private final Consumer<String> log;
    private final Map<String, Model> models = new HashMap<>();
    private final Set<String> missingPoms = new HashSet<>();
    private final DocumentBuilder xml;

    MavenResolver(Path repository, Consumer<String> log) {
        this.repository = repository;
        this.log = log;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            xml = factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local repository of this JVM: {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    static Path defaultRepository() {
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            return Path.of(local);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** What {@link #resolve} found. */
    record Resolution(List<Path> roots, List<Path> classPath) {
    }

    /** The jars of {@code coordinates} (the roots) and of their dependencies; roots first. */
    Resolution resolve(List<String> coordinates) {
        List<Path> roots = new ArrayList<>();
        Map<String, Path> jars = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>(); // groupId:artifactId:classifier, nearest wins
        Deque<Node_> queue = new ArrayDeque<>();
        for (String coordinate : coordinates) {
            String[] parts = coordinate.strip().split(":");
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                log.accept("maven: '" + coordinate + "' is not groupId:artifactId:version; skipped");
                continue;
            }
            queue.add(new Node_(new Dep(parts[0], parts[1], parts[2], "jar", "", "compile", false, Set.of()),
                    Set.of(), true));
        }
        while (!queue.isEmpty()) {
            Node_ node = queue.poll();
            Dep dep = node.dep;
            if (!seen.add(dep.groupId + ":" + dep.artifactId + ":" + dep.classifier)) {
                continue;
            }
            if (dep.version == null || dep.version.isBlank() || dep.version.contains("${")) {
                log.accept("maven: no version for " + dep.groupId + ":" + dep.artifactId + "; skipped");
                continue;
            }
            if (dep.version.startsWith("[") || dep.version.startsWith("(")) {
                log.accept("maven: version ranges are not resolved (" + dep.groupId + ":" + dep.artifactId + ":"
                        + dep.version + "); skipped");
                continue;
            }
            Model model = model(dep.groupId, dep.artifactId, dep.version);
            if (!"pom".equals(dep.type)) {
                Path jar = artifact(dep.groupId, dep.artifactId, dep.version, dep.classifier, "jar");
                if (Files.isRegularFile(jar)) {
                    jars.put(jar.toString(), jar);
                    if (node.root) {
                        roots.add(jar);
                    }
                } else if (model == null || !"pom".equals(model.packaging)) {
                    log.accept("maven: " + jar + " is not in the local repository; skipped");
                }
            }
            if (model == null) {
                continue;
            }
            Set<String> exclusions = new HashSet<>(node.exclusions);
            exclusions.addAll(dep.exclusions);
            for (Dep child : model.dependencies) {
                if (!RUNTIME_SCOPES.contains(child.scope) || child.optional || excluded(exclusions, child)) {
                    continue;
                }
                queue.add(new Node_(child, exclusions, false));
            }
        }
        return new Resolution(List.copyOf(roots), List.copyOf(jars.values()));
    }

    private static boolean excluded(Set<String> exclusions, Dep dep) {
        return exclusions.contains("*:*") || exclusions.contains(dep.groupId + ":*")
                || exclusions.contains("*:" + dep.artifactId) || exclusions.contains(dep.groupId + ":" + dep.artifactId);
    }

    private Path artifact(String groupId, String artifactId, String version, String classifier, String extension) {
        String file = artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file);
    }

    private record Node_(Dep dep, Set<String> exclusions, boolean root) {
    }

    /** A dependency as declared, or as resolved once interpolated. */
    record Dep(String groupId, String artifactId, String version, String type, String classifier, String scope,
               boolean optional, Set<String> exclusions) {
        String key() {
            return groupId + ":" + artifactId + ":" + type + ":" + classifier;
        }
    }

    /** The effective pom, as far as this resolver understands it. */
    private record Model(String packaging, Map<String, String> properties, Map<String, Dep> management,
                         List<Dep> dependencies) {
    }

    /** A pom as written: raw strings, interpolated by the model of the pom that inherits it. */
    private record Raw(String parentGroupId, String parentArtifactId, String parentVersion, String groupId,
                       String artifactId, String version, String packaging, Map<String, String> properties,
                       List<Dep> management, List<Dep> dependencies) {
    }

    /** The effective model of a pom, or {@code null} when it is not in the repository (logged once). */
    private Model model(String groupId, String artifactId, String version) {
        String key = groupId + ":" + artifactId + ":" + version;
        if (models.containsKey(key)) {
            return models.get(key);
        }
        models.put(key, null); // a cycle of parents ends here
        Model model = null;
        List<Raw> chain = chain(groupId, artifactId, version);
        if (chain != null) {
            model = effective(chain);
        }
        models.put(key, model);
        return model;
    }

    /** The pom and its parents, the pom first; {@code null} when the pom itself is missing. */
    private List<Raw> chain(String groupId, String artifactId, String version) {
        List<Raw> chain = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        String g = groupId;
        String a = artifactId;
        String v = version;
        while (g != null && visited.add(g + ":" + a + ":" + v)) {
            Raw raw = read(g, a, v);
            if (raw == null) {
                if (chain.isEmpty()) {
                    return null;
                }
                break; // the parent is missing: what the child says is still worth using
            }
            chain.add(raw);
            g = raw.parentGroupId;
            a = raw.parentArtifactId;
            v = raw.parentVersion;
        }
        return chain;
    }

    private Model effective(List<Raw> chain) {
        Raw self = chain.get(0);
        Map<String, String> props = new HashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            props.putAll(chain.get(i).properties);
        }
        String groupId = self.groupId != null ? self.groupId : self.parentGroupId;
        String version = self.version != null ? self.version : self.parentVersion;
        for (String prefix : List.of("project.", "pom.", "")) {
            props.put(prefix + "groupId", groupId);
            props.put(prefix + "artifactId", self.artifactId);
            props.put(prefix + "version", version);
        }
        if (self.parentVersion != null) {
            props.put("project.parent.version", self.parentVersion);
            props.put("parent.version", self.parentVersion);
            props.put("project.parent.groupId", self.parentGroupId);
        }
        Map<String, Dep> management = new LinkedHashMap<>();
        List<Dep> imports = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Dep d : chain.get(i).management) {
                Dep dep = interpolate(d, props);
                if ("import".equals(dep.scope) && "pom".equals(dep.type)) {
                    imports.add(dep);
                } else {
                    management.put(dep.key(), dep);
                }
            }
        }
        for (Dep bom : imports) {
            Model imported = model(bom.groupId, bom.artifactId, bom.version);
            if (imported == null) {
                continue;
            }
            imported.management.forEach(management::putIfAbsent);
        }
        Map<String, Dep> dependencies = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Dep d : chain.get(i).dependencies) {
                Dep dep = interpolate(d, props);
                Dep managed = management.get(dep.key());
                String depVersion = dep.version != null ? dep.version : managed == null ? null : managed.version;
                String scope = dep.scope != null ? dep.scope : managed != null && managed.scope != null ? managed.scope
                        : "compile";
                Set<String> exclusions = new HashSet<>(dep.exclusions);
                if (managed != null) {
                    exclusions.addAll(managed.exclusions);
                }
                dependencies.put(dep.key(), new Dep(dep.groupId, dep.artifactId, depVersion, dep.type, dep.classifier,
                        scope, dep.optional, exclusions));
            }
        }
        String packaging = self.packaging == null ? "jar" : interpolate(self.packaging, props);
        return new Model(packaging, props, management, List.copyOf(dependencies.values()));
    }

    private static Dep interpolate(Dep d, Map<String, String> props) {
        Set<String> exclusions = new LinkedHashSet<>();
        d.exclusions.forEach(e -> exclusions.add(interpolate(e, props)));
        return new Dep(interpolate(d.groupId, props), interpolate(d.artifactId, props), interpolate(d.version, props),
                interpolate(d.type, props), interpolate(d.classifier, props), interpolate(d.scope, props), d.optional,
                exclusions);
    }

    /** Replaces {@code ${name}} by the property, several rounds for properties made of properties. */
    static String interpolate(String s, Map<String, String> props) {
        if (s == null) {
            return null;
        }
        for (int round = 0; round < 10 && s.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(s);
            StringBuilder out = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String value = props.get(m.group(1));
                changed |= value != null;
                m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
            }
            m.appendTail(out);
            s = out.toString();
            if (!changed) {
                break;
            }
        }
        return s;
    }

    private Raw read(String groupId, String artifactId, String version) {
        Path pom = artifact(groupId, artifactId, version, "", "pom");
        if (!Files.isRegularFile(pom)) {
            if (missingPoms.add(pom.toString())) {
                log.accept("maven: " + pom + " is not in the local repository; its dependencies are not known");
            }
            return null;
        }
        Document doc;
        try {
            synchronized (xml) {
                doc = xml.parse(pom.toFile());
            }
        } catch (SAXException | IOException e) {
            log.accept("maven: cannot read " + pom + ": " + e.getMessage());
            return null;
        }
        Element project = doc.getDocumentElement();
        Element parent = child(project, "parent");
        Map<String, String> properties = new HashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props)) {
                properties.put(p.getTagName(), p.getTextContent().strip());
            }
        }
        Element management = child(child(project, "dependencyManagement"), "dependencies");
        return new Raw(text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version"),
                text(project, "groupId"), text(project, "artifactId"), text(project, "version"),
                text(project, "packaging"), properties, deps(management), deps(child(project, "dependencies")));
    }

    private static List<Dep> deps(Element dependencies) {
        if (dependencies == null) {
            return List.of();
        }
        List<Dep> result = new ArrayList<>();
        for (Element d : children(dependencies)) {
            if (!d.getTagName().equals("dependency")) {
                continue;
            }
            Set<String> exclusions = new LinkedHashSet<>();
            Element ex = child(d, "exclusions");
            if (ex != null) {
                for (Element e : children(ex)) {
                    exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
                }
            }
            String type = text(d, "type");
            String classifier = text(d, "classifier");
            if ("test-jar".equals(type)) {
                type = "jar";
                classifier = classifier == null ? "tests" : classifier;
            }
            result.add(new Dep(text(d, "groupId"), text(d, "artifactId"), text(d, "version"),
                    type == null ? "jar" : type, classifier == null ? "" : classifier, text(d, "scope"),
                    "true".equals(text(d, "optional")), exclusions));
        }
        return result;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
