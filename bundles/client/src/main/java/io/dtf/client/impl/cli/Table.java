package io.dtf.client.impl.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: a header, aligned columns, long cells cut. */
final class Table {
    static final int MAX_CELL = 60;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        line(out, header, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
    }

    private static void line(PrintStream out, List<String> cells, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            s.append(cell);
            if (c < cells.size() - 1) {
                s.append(" ".repeat(width[c] - cell.length() + 2));
            }
        }
        out.println(s.toString().stripTrailing());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String s = String.valueOf(value).replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            return "-";
        }
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }
}
