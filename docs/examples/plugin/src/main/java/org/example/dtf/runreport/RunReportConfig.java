package org.example.dtf.runreport;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Example: run report", description = "Writes one Markdown line per finished DTF run.")
@interface RunReportConfig {
    @AttributeDefinition(description = "The report file; relative paths are inside Karaf's data folder.")
    String file() default "dtf/run-report.md";
}
