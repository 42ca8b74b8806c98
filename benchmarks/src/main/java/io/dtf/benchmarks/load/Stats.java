package io.dtf.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Percentiles of samples and the plain-text table the load driver prints. */
final class Stats {
    private Stats() {
    }

    /**
     * The {@code p}-th percentile (0-100) by the nearest-rank method: the smallest sample such that at
     * least {@code p}% of the samples are at most it.
     */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A table with a header row, columns padded to their widest cell, numbers right-aligned. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int columns;

        Table(String... header) {
            columns = header.length;
            rows.add(header);
        }

        Table row(String... cells) {
            if (cells.length != columns) {
                throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
            }
            rows.add(cells);
            return this;
        }

        /** Markdown: a header, a separator, the rows. */
        String markdown() {
            int[] width = widths();
            StringBuilder s = new StringBuilder();
            for (int r = 0; r < rows.size(); r++) {
                s.append('|');
                for (int c = 0; c < columns; c++) {
                    String cell = rows.get(r)[c];
                    s.append(' ').append(r > 0 && numeric(cell) ? padLeft(cell, width[c]) : padRight(cell, width[c]))
                            .append(" |");
                }
                s.append('\n');
                if (r == 0) {
                    s.append('|');
                    for (int c = 0; c < columns; c++) {
                        s.append(' ').append("-".repeat(width[c])).append(" |");
                    }
                    s.append('\n');
                }
            }
            return s.toString();
        }

        private int[] widths() {
            int[] width = new int[columns];
            for (String[] row : rows) {
                for (int c = 0; c < columns; c++) {
                    width[c] = Math.max(Math.max(width[c], row[c].length()), 3);
                }
            }
            return width;
        }

        static boolean numeric(String cell) {
            return cell.matches("[-+]?[0-9][0-9,.]*( ?[a-zA-Z/%]+)?");
        }

        private static String padLeft(String s, int w) {
            return " ".repeat(w - s.length()) + s;
        }

        private static String padRight(String s, int w) {
            return s + " ".repeat(w - s.length());
        }
    }
}
