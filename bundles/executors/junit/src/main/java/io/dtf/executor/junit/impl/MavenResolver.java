package io.dtf.executor.junit.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transport.file.FileTransporterFactory;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

/**
 * Resolves Maven coordinates ({@code groupId:artifactId[:extension[:classifier]]:version}) with their
 * {@code compile} and {@code runtime} dependencies, as Maven does, with Apache Maven Resolver: offline,
 * from a local repository. Whatever is not there is skipped with a log line.
 */
final class MavenResolver {
    /** Built once: it wires some fifty components. */
    private static final RepositorySystem SYSTEM = new RepositorySystemSupplier() {
        @Override
        protected Map<String, TransporterFactory> createTransporterFactories() {
            // offline: no remote transport (the HTTP one is left out of the bundle)
            return Map.of(FileTransporterFactory.NAME, new FileTransporterFactory());
        }
    }.get();

    private final Path repository;
    private final Consumer<String> log;

    MavenResolver(Path repository, Consumer<String> log) {
        this.repository = repository;
        this.log = log;
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
        CollectRequest collect = new CollectRequest();
        List<Artifact> asked = new ArrayList<>();
        for (String coordinate : coordinates) {
            try {
                Artifact artifact = new DefaultArtifact(coordinate.strip());
                asked.add(artifact);
                collect.addDependency(new Dependency(artifact, JavaScopes.RUNTIME));
            } catch (IllegalArgumentException e) {
                log.accept("maven: '" + coordinate + "' is not groupId:artifactId[:extension[:classifier]]:version;"
                        + " skipped");
            }
        }
        if (asked.isEmpty()) {
            return new Resolution(List.of(), List.of());
        }
        // "simple": every file in the repository counts, wherever it was downloaded from (as mvn -o does)
        try (CloseableSession session = new SessionBuilderSupplier(SYSTEM).get()
                .withLocalRepositories(new LocalRepository(repository, "simple"))
                .setOffline(true)
                // as Maven: a dependency whose pom is missing or broken has no dependencies of its own, and says so
                .setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(true, true))
                .setRepositoryListener(new AbstractRepositoryListener() {
                    @Override
                    public void artifactDescriptorMissing(RepositoryEvent event) {
                        log.accept("maven: the pom of " + event.getArtifact() + " is not in " + repository
                                + "; its dependencies are not known");
                    }

                    @Override
                    public void artifactDescriptorInvalid(RepositoryEvent event) {
                        log.accept("maven: the pom of " + event.getArtifact() + " is not valid ("
                                + event.getException().getMessage() + "); its dependencies are not known");
                    }
                })
                .build()) {
            DependencyResult result;
            try {
                result = SYSTEM.resolveDependencies(session, new DependencyRequest(collect,
                        DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)));
            } catch (DependencyResolutionException e) {
                result = e.getResult();
                log.accept("maven: " + e.getMessage() + "; resolved what is in " + repository);
            }
            List<Path> roots = new ArrayList<>();
            List<Path> classPath = new ArrayList<>();
            for (ArtifactResult r : result.getArtifactResults()) {
                Artifact artifact = r.getArtifact();
                if (artifact == null || artifact.getPath() == null) {
                    continue;
                }
                classPath.add(artifact.getPath());
                if (asked.stream().anyMatch(a -> same(a, artifact))) {
                    roots.add(artifact.getPath());
                }
            }
            return new Resolution(List.copyOf(roots), List.copyOf(classPath));
        }
    }

    private static boolean same(Artifact a, Artifact b) {
        return a.getGroupId().equals(b.getGroupId()) && a.getArtifactId().equals(b.getArtifactId())
                && a.getClassifier().equals(b.getClassifier()) && a.getExtension().equals(b.getExtension());
    }
}
