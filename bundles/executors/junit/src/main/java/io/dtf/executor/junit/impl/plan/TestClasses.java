package io.dtf.executor.junit.impl.plan;

import io.dtf.plan.PlanValue;
import io.dtf.plan.TestClassEstimates;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds test classes on a {@code junit} task's class path when the plan is read (to split it by class), and
 * balances them over shards. Test classes are top-level, concrete classes whose simple names match
 * Surefire's patterns: {@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase}.
 */
final class TestClasses {
    private static final Pattern TEST_NAME = Pattern.compile("Test.*|.*Test|.*Tests|.*TestCase");
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_ANNOTATION = 0x2000;
    private static final int ACC_ENUM = 0x4000;

    private TestClasses() {
    }

    /** Why a class path cannot be scanned here. */
    static final class NotScannable extends Exception {
        NotScannable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The test classes (sorted) of these class path entries: folders and jars, {@code *} globs in the last
     * part, relative to {@code workdir} (which may be {@code null}).
     */
    static List<String> scan(List<String> entries, String workdir) throws NotScannable {
        TreeSet<String> found = new TreeSet<>();
        for (String entry : entries) {
            for (Path root : expand(entry, workdir)) {
                try {
                    if (Files.isDirectory(root)) {
                        scanFolder(root, found);
                    } else {
                        scanJar(root, found);
                    }
                } catch (IOException e) {
                    throw new NotScannable("cannot read " + root + ": " + e.getMessage());
                }
            }
        }
        return List.copyOf(found);
    }

    private static List<Path> expand(String entry, String workdir) throws NotScannable {
        Path path = Path.of(entry.strip());
        if (!path.isAbsolute()) {
            if (workdir == null) {
                throw new NotScannable("the class path entry " + PlanValue.quote(entry)
                        + " is relative and the task has no 'workdir'");
            }
            path = Path.of(workdir).resolve(path);
        }
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!last.contains("*") && !last.contains("?")) {
            if (!Files.exists(path)) {
                throw new NotScannable(path + " does not exist here");
            }
            return List.of(path);
        }
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NotScannable(dir + " is not a folder here");
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, last)) {
            files.forEach(matches::add);
        } catch (IOException e) {
            throw new NotScannable("cannot list " + dir + ": " + e.getMessage());
        }
        matches.sort(null);
        return matches;
    }

    private static void scanFolder(Path root, Collection<String> found) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (isTestName(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(name, in, found);
                    }
                }
            }
        }
    }

    private static void scanJar(Path jar, Collection<String> found) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.endsWith(".class") && !name.startsWith("META-INF/")
                        && isTestName(name)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        add(name, in, found);
                    }
                }
            }
        }
    }

    /** Whether {@code a/b/FooTest.class} names a top-level class that looks like a test. */
    static boolean isTestName(String path) {
        String simple = path.substring(path.lastIndexOf('/') + 1, path.length() - ".class".length());
        return !simple.contains("$") && !simple.equals("module-info") && !simple.equals("package-info")
                && TEST_NAME.matcher(simple).matches();
    }

    private static void add(String path, InputStream in, Collection<String> found) throws IOException {
        int flags = accessFlags(in);
        if (flags >= 0 && (flags & (ACC_INTERFACE | ACC_ABSTRACT | ACC_ANNOTATION | ACC_ENUM)) == 0) {
            found.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }

    /** The access flags of a class file, or -1 when it is not one. */
    static int accessFlags(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            return -1;
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> in.skipNBytes(in.readUnsignedShort());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> {
                    return -1;
                }
            }
        }
        return in.readUnsignedShort();
    }

    /**
     * Spreads classes over at most {@code shards} shards, longest first into the shard with the least expected
     * time (ties: fewest classes, then lowest index). A class without an estimate counts as the mean of those
     * with one, or all count the same when none has one (equal counts). Empty shards are left out; each
     * shard's classes are sorted by name.
     */
    static List<List<String>> balance(List<String> classes, int shards, TestClassEstimates estimates) {
        Map<String, Duration> history = estimates.of(classes);
        List<Duration> known = new ArrayList<>();
        List<Duration> each = new ArrayList<>(classes.size());
        for (String c : classes) {
            Duration d = history.get(c);
            d = d == null || d.isNegative() ? null : d;
            each.add(d);
            if (d != null) {
                known.add(d);
            }
        }
        long fallback = known.isEmpty() ? 1 : Math.max(1,
                known.stream().mapToLong(Duration::toMillis).sum() / known.size());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            order.add(i);
        }
        long[] millis = new long[classes.size()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = each.get(i) == null ? fallback : each.get(i).toMillis();
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -millis[i]).thenComparing(classes::get));
        int n = Math.max(1, Math.min(shards, classes.size()));
        long[] load = new long[n];
        List<List<String>> bins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bins.add(new ArrayList<>());
        }
        for (int i : order) {
            int best = 0;
            for (int b = 1; b < n; b++) {
                if (load[b] < load[best] || load[b] == load[best] && bins.get(b).size() < bins.get(best).size()) {
                    best = b;
                }
            }
            load[best] += millis[i];
            bins.get(best).add(classes.get(i));
        }
        List<List<String>> result = new ArrayList<>();
        for (List<String> bin : bins) {
            if (!bin.isEmpty()) {
                bin.sort(null);
                result.add(List.copyOf(bin));
            }
        }
        return result;
    }
}
