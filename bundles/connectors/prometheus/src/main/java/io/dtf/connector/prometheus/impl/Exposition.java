package io.dtf.connector.prometheus.impl;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The text formats metrics are written in, chosen by the scraper's {@code Accept} header: OpenMetrics 1.0 when it
 * accepts it (Prometheus asks for it first), else the Prometheus text format 0.0.4, which every scraper and the
 * Pushgateway read. The protobuf format is left out (the client's protobuf writer is not embedded): a scraper that
 * lists it also lists a text format, as Prometheus does.
 */
final class Exposition {
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
    private static final OpenMetricsTextFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final ExpositionFormatWriter writer;
    private final EscapingScheme escaping;

    private Exposition(ExpositionFormatWriter writer, EscapingScheme escaping) {
        this.writer = writer;
        this.escaping = escaping;
    }

    /** The format for this {@code Accept} header ({@code null}: none sent). */
    static Exposition forAccept(String accept) {
        ExpositionFormatWriter chosen = OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
        return new Exposition(chosen, EscapingScheme.fromAcceptHeader(accept));
    }

    /** The Prometheus text format 0.0.4: what a Pushgateway takes. */
    static Exposition text() {
        return new Exposition(TEXT, EscapingScheme.DEFAULT);
    }

    /** The {@code Content-Type} of what {@link #write} writes. */
    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out, MetricSnapshots metrics) throws IOException {
        writer.write(out, metrics, escaping);
    }

    /** The metrics written in memory. */
    byte[] bytes(MetricSnapshots metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            write(out, metrics);
        } catch (IOException cannot) {
            throw new UncheckedIOException(cannot);
        }
        return out.toByteArray();
    }
}
