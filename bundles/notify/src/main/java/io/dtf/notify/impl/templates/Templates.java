package io.dtf.notify.impl.templates;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.Environment;
import freemarker.core.PlainTextOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders notifications with FreeMarker. A template is looked up as {@code <channel type>/<name>.ftl}, the name
 * being the route's {@code template}, then the event type in lower case ({@code run_completed}), then
 * {@code default}; then the same under {@code default/} for channel types without templates of their own. Files
 * in the override directory ({@code etc/dtf-notify-templates}) come before the bundle's own, and are read again
 * when they change. A template writes the body (Markdown) and may {@code <#assign title = ...>} and
 * {@code <#assign fields = {"Name": value}>}; else the title and fields given with the model stay.
 *
 * <p>A template that breaks does not lose the notification: it is rendered with the bundle's template for the
 * channel type, and the error is named in the result and the log.
 */
public final class Templates {
    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);

    private final Configuration overridden;
    private final Configuration builtIn;

    public Templates(Path overrideDirectory) {
        builtIn = configuration(new ClassTemplateLoader(Templates.class, "/templates"));
        TemplateLoader files = null;
        if (overrideDirectory != null && Files.isDirectory(overrideDirectory)) {
            try {
                files = new FileTemplateLoader(overrideDirectory.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read templates from " + overrideDirectory, e);
            }
        }
        overridden = files == null ? builtIn : configuration(new MultiTemplateLoader(
                new TemplateLoader[] {files, new ClassTemplateLoader(Templates.class, "/templates")}));
    }

    private static Configuration configuration(TemplateLoader loader) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_32);
        configuration.setTemplateLoader(loader);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        configuration.setLocalizedLookup(false);
        configuration.setTemplateUpdateDelayMilliseconds(2_000);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setLocale(Locale.ROOT);
        configuration.setNumberFormat("computer");
        return configuration;
    }

    /**
     * Renders a notification for a channel type.
     *
     * @param template the route's template name, or {@code null}
     * @param eventType the notification's event type
     * @param model what the template sees; {@code title} and {@code fields} in it are the defaults
     */
    @SuppressWarnings("unchecked")
    public Rendered render(String channelType, String template, String eventType, Map<String, Object> model) {
        List<String> names = candidates(channelType, template, eventType);
        try {
            return render(overridden, names, model);
        } catch (IOException | TemplateException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            LOG.error("Notification template for {} failed, the built-in one is used: {}", channelType, problem);
            try {
                Rendered fallback = render(builtIn, names, model);
                return new Rendered(fallback.title(), fallback.text(), fallback.fields(), fallback.template()
                        + " (the override failed: " + problem + ")");
            } catch (IOException | TemplateException again) {
                return new Rendered((String) model.get("title"), "", (Map<String, String>) model.get("fields"),
                        "none: " + again.getMessage());
            }
        }
    }

    private static List<String> candidates(String channelType, String template, String eventType) {
        List<String> names = new ArrayList<>();
        String event = eventType == null ? "default" : eventType.toLowerCase(Locale.ROOT);
        for (String directory : new String[] {channelType, "default"}) {
            if (template != null) {
                names.add(directory + "/" + template + ".ftl");
            }
            names.add(directory + "/" + event + ".ftl");
            names.add(directory + "/default.ftl");
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Rendered render(Configuration configuration, List<String> names, Map<String, Object> model)
            throws IOException, TemplateException {
        for (String name : names) {
            Template template = configuration.getTemplate(name, null, null, null, true, true);
            if (template == null) {
                continue;
            }
            StringWriter text = new StringWriter();
            Environment environment = template.createProcessingEnvironment(model, text);
            environment.process();
            String title = string(environment.getVariable("title"), (String) model.get("title"));
            Map<String, String> fields = (Map<String, String>) model.get("fields");
            TemplateModel assigned = environment.getVariable("fields");
            if (assigned != null) {
                fields = new LinkedHashMap<>();
                for (Map.Entry<?, ?> field : ((Map<?, ?>) DeepUnwrap.unwrap(assigned)).entrySet()) {
                    fields.put(String.valueOf(field.getKey()), String.valueOf(field.getValue()));
                }
            }
            return new Rendered(title.strip(), text.toString().strip(), fields, name);
        }
        throw new IOException("no template among " + names);
    }

    private static String string(TemplateModel model, String otherwise) throws TemplateModelException {
        return model == null ? otherwise : String.valueOf(DeepUnwrap.unwrap(model));
    }
}
