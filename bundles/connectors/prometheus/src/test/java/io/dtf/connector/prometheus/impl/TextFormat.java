package io.dtf.connector.prometheus.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 as "Exposition formats" defines it
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): it refuses what Prometheus
 * would refuse or misread (a malformed line, a TYPE after its samples or twice, a family's samples split up, a
 * histogram whose buckets are not cumulative or whose +Inf bucket is not its count), and gives the samples by
 * {@code name{label="value",...}} with the labels sorted.
 */
final class TextFormat {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)");

    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> help = new HashMap<>();

    private TextFormat() {
    }

    static TextFormat parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line does not end with a line feed");
        }
        TextFormat format = new TextFormat();
        Set<String> finished = new HashSet<>();
        String current = null;
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (format.types.put(m.group(1), m.group(2)) != null || format.familyHasSamples(m.group(1))) {
                    throw new AssertionError("line " + number + ": TYPE twice or after the samples: " + line);
                }
            } else if ((m = HELP.matcher(line)).matches()) {
                format.help.put(m.group(1), m.group(2));
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = format.family(m.group(1));
                if (!family.equals(current)) {
                    if (!finished.add(family)) {
                        throw new AssertionError("line " + number + ": the samples of " + family + " are split up");
                    }
                    current = family;
                }
                if (!VALUE.matcher(m.group(3)).matches()) {
                    throw new AssertionError("line " + number + ": not a value: " + line);
                }
                String key = m.group(1) + labels(m.group(2), number);
                if (format.samples.put(key, Double.parseDouble(m.group(3).replace("Inf", "Infinity"))) != null) {
                    throw new AssertionError("line " + number + ": a second sample of " + key);
                }
            } else {
                throw new AssertionError("line " + number + ": not in the text format: " + line);
            }
        }
        format.checkHistograms();
        return format;
    }

    /** The sample's value; fails when there is none. */
    double value(String key) {
        Double value = samples.get(key);
        if (value == null) {
            throw new AssertionError("no sample " + key + " in " + samples.keySet());
        }
        return value;
    }

    private boolean familyHasSamples(String family) {
        return samples.keySet().stream().anyMatch(key -> family(key.replaceAll("\\{.*", "")).equals(family));
    }

    /** The family of a sample name: a histogram's {@code _bucket}, {@code _sum}, {@code _count} belong to it. */
    private String family(String name) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
            if (base != null && "histogram".equals(types.get(base))) {
                return base;
            }
        }
        return name;
    }

    private static String labels(String text, int number) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        Map<String, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + number + ": malformed labels: " + text);
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new AssertionError("line " + number + ": label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        StringBuilder key = new StringBuilder("{");
        labels.forEach((name, value) -> key.append(key.length() > 1 ? "," : "").append(name).append("=\"")
                .append(value).append('"'));
        return key.append('}').toString();
    }

    /** Each histogram series: buckets with ascending bounds and counts, the +Inf one equal to its count. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<String, TreeMap<Double, Double>> bySeries = new HashMap<>();
            samples.forEach((key, value) -> {
                if (key.startsWith(family + "_bucket{")) {
                    Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(key);
                    if (!le.find()) {
                        throw new AssertionError("a bucket without le: " + key);
                    }
                    String series = key.substring((family + "_bucket").length()).replace(le.group(0), "")
                            .replace("{,", "{").replace(",}", "}").replace(",,", ",");
                    bySeries.computeIfAbsent(series, s -> new TreeMap<>())
                            .put(Double.parseDouble(le.group(1).replace("Inf", "Infinity")), value);
                }
            });
            bySeries.forEach((series, buckets) -> {
                List<Double> counts = new ArrayList<>(buckets.values());
                for (int i = 1; i < counts.size(); i++) {
                    if (counts.get(i) < counts.get(i - 1)) {
                        throw new AssertionError(family + series + ": buckets are not cumulative: " + buckets);
                    }
                }
                Double inf = buckets.get(Double.POSITIVE_INFINITY);
                String countKey = family + "_count" + ("{}".equals(series) ? "" : series);
                if (inf == null || !inf.equals(samples.get(countKey))) {
                    throw new AssertionError(family + series + ": the +Inf bucket is not " + countKey + ": " + buckets);
                }
            });
        });
    }
}
