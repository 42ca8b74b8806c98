package io.dtf.coordinator.impl;

import io.dtf.api.DtfException;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.api.plugin.Plugin;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds DTF's plugins in the framework, whichever way their bundles arrived, says where each stands
 * and what it misses, and turns them on and off through Declarative Services. A plugin is a bundle
 * that imports DTF's API and offers (or would offer) one of its extension services.
 */
final class PluginManager implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    /** API services that are DTF's own machinery, not extensions. */
    private static final Set<String> CORE_SERVICES = Set.of("io.dtf.api.coordinator.Coordinator",
            "io.dtf.api.worker.WorkerGateway", "io.dtf.api.store.TaskStore", "io.dtf.api.store.EventLog",
            "io.dtf.api.plugin.PluginRegistry", "io.dtf.api.plugin.EventPublisher");

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Function<String, List<HookInfo>> hooks;
    private final Consumer<DtfEvent> events;
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final DisabledPlugins disabled;
    /** Watches plugins a user disabled while their bundles start: {@link #GUARD_CHECKS} checks, 100 ms apart. */
    private static final int GUARD_CHECKS = 50;
    private static final long GUARD_PERIOD_MILLIS = 100;
    private final ScheduledExecutorService guard = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dtf-plugin-guard");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param hooks a plugin's hooks, by its bundle symbolic name
     * @param events where PLUGIN_LOADED and PLUGIN_UNLOADED go
     */
    PluginManager(BundleContext context, ServiceComponentRuntime scr, Function<String, List<HookInfo>> hooks,
                  DisabledPlugins disabled, Consumer<DtfEvent> events) {
        this.context = context;
        this.scr = scr;
        this.hooks = hooks;
        this.events = events;
        this.disabled = disabled;
    }

    /** Switches off again the plugins a user disabled, now and whenever their bundles start. */
    void start() {
        context.addBundleListener(this);
        for (Bundle bundle : context.getBundles()) {
            keepOffIfDisabled(bundle, 0);
        }
    }

    void stop() {
        context.removeBundleListener(this);
        guard.shutdownNow();
    }

    /**
     * Declarative Services makes a bundle's components when it starts, enabled, on a schedule of its
     * own: a plugin a user disabled is watched for a while after its bundle starts and switched off
     * as soon as its components appear (they may be active for that moment).
     */
    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() == BundleEvent.STARTED && disabled.contains(bundle.getSymbolicName())) {
            keepOffIfDisabled(bundle, 0);
        }
        if ((event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED) && isCandidate(bundle)) {
            HookType type = event.getType() == BundleEvent.STARTED ? HookType.PLUGIN_LOADED : HookType.PLUGIN_UNLOADED;
            events.accept(new DtfEvent(type, Instant.now(), null, null, null, Severity.INFO,
                    Map.of(EventData.PLUGIN.name(), bundle.getSymbolicName(),
                            EventData.VERSION.name(), bundle.getVersion().toString())));
        }
    }

    /** Switches the bundle's enabled extension components off; checks again until {@link #GUARD_CHECKS} ran. */
    private void keepOffIfDisabled(Bundle bundle, int check) {
        if (bundle.getState() != Bundle.ACTIVE || !disabled.contains(bundle.getSymbolicName()) || !isCandidate(bundle)) {
            return;
        }
        List<ComponentDescriptionDTO> enabled = extensionComponents(bundle).stream()
                .filter(scr::isComponentEnabled).toList();
        enabled.forEach(scr::disableComponent);
        if (!enabled.isEmpty()) {
            LOG.info("Plugin {} stays disabled (dtf:plugin-enable turns it on)", bundle.getSymbolicName());
        }
        if (check + 1 < GUARD_CHECKS) {
            try {
                guard.schedule(() -> keepOffIfDisabled(bundle, check + 1), GUARD_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the coordinator stops
            }
        }
    }

    public List<PluginInfo> plugins() {
        List<PluginInfo> plugins = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (isCandidate(bundle)) {
                PluginInfo info = describe(bundle);
                if (info != null) {
                    plugins.add(info);
                }
            }
        }
        return plugins;
    }

    public void enable(String name) {
        Bundle bundle = bundleOf(name);
        failed.remove(bundle.getSymbolicName());
        disabled.remove(bundle.getSymbolicName());
        scr.getComponentDescriptionDTOs(bundle).forEach(scr::enableComponent);
        LOG.info("Plugin {} enabled", name);
    }

    public void disable(String name) {
        Bundle bundle = bundleOf(name);
        disabled.add(bundle.getSymbolicName());
        extensionComponents(bundle).forEach(scr::disableComponent);
        LOG.info("Plugin {} disabled", name);
    }

    /** A hook kept failing: its plugin is switched off, with the reason shown by {@code dtf:plugins}. */
    void failing(HookChannel channel) {
        String reason = "disabled after repeated failures of hook " + channel.key() + "; last: " + channel.lastError();
        failed.put(channel.plugin(), reason);
        LOG.warn("Plugin {} {}", channel.plugin(), reason);
        Bundle bundle = bundleBySymbolicName(channel.plugin());
        if (bundle != null) {
            extensionComponents(bundle).forEach(scr::disableComponent);
        }
    }

    private boolean isCandidate(Bundle bundle) {
        if (bundle.getBundleId() == context.getBundle().getBundleId()) {
            return false;
        }
        String imports = bundle.getHeaders("").get(Constants.IMPORT_PACKAGE);
        return imports != null && imports.contains("io.dtf.api");
    }

    private PluginInfo describe(Bundle bundle) {
        String bsn = bundle.getSymbolicName();
        String version = bundle.getVersion().toString();
        if (bundle.getState() == Bundle.INSTALLED) {
            return new PluginInfo(bsn, version, PluginType.CUSTOM, bundle.getBundleId(), PluginState.UNRESOLVED,
                    0, 0, 0, null, unresolvedReasons(bundle));
        }
        List<ComponentDescriptionDTO> components = extensionComponents(bundle);
        if (components.isEmpty()) {
            return null;
        }
        String name = bsn;
        PluginType type = typeOf(components);
        List<String> missing = new ArrayList<>();
        boolean disabled = false;
        String activationFailure = null;
        for (ComponentDescriptionDTO component : components) {
            if (!scr.isComponentEnabled(component)) {
                disabled = true;
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(component);
            if (configurations.isEmpty() && "require".equals(component.configurationPolicy)) {
                missing.add("configuration " + String.join(", ", component.configurationPid));
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    missing.add("service " + interfaceOf(component, reference.name)
                            + (reference.target == null ? "" : " " + reference.target)
                            + " (reference '" + reference.name + "' of " + component.name + ")");
                }
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    activationFailure = component.name + " failed to activate: " + configuration.failure;
                }
            }
        }
        for (ServiceReference<?> reference : registered(bundle)) {
            Object service = context.getService(reference);
            try {
                if (service instanceof Plugin plugin) {
                    name = plugin.name() == null ? name : plugin.name();
                    version = plugin.version() == null ? version : plugin.version();
                    type = plugin.type() == null ? type : plugin.type();
                }
            } catch (RuntimeException | LinkageError broken) {
                activationFailure = "its Plugin service failed: " + broken;
            } finally {
                context.ungetService(reference);
            }
        }
        List<HookInfo> hooks = this.hooks.apply(bsn);
        long delivered = hooks.stream().mapToLong(HookInfo::delivered).sum();
        long failures = hooks.stream().mapToLong(HookInfo::failures).sum();
        long dropped = hooks.stream().mapToLong(HookInfo::dropped).sum();
        String lastError = activationFailure != null ? activationFailure
                : hooks.stream().map(HookInfo::lastError).filter(Objects::nonNull).findFirst().orElse(null);
        PluginState state;
        String reason = failed.get(bsn);
        if (reason != null) {
            state = PluginState.FAILED;
            lastError = reason;
        } else if (disabled) {
            state = PluginState.DISABLED;
        } else if (!missing.isEmpty() || activationFailure != null) {
            state = PluginState.UNSATISFIED;
        } else {
            state = PluginState.ACTIVE;
        }
        return new PluginInfo(name, version, type, bundle.getBundleId(), state, delivered, failures, dropped,
                lastError, missing, hooks);
    }

    private List<ComponentDescriptionDTO> extensionComponents(Bundle bundle) {
        List<ComponentDescriptionDTO> extensions = new ArrayList<>();
        for (ComponentDescriptionDTO component : scr.getComponentDescriptionDTOs(bundle)) {
            for (String service : component.serviceInterfaces) {
                if (service.startsWith("io.dtf.api.") && !CORE_SERVICES.contains(service)) {
                    extensions.add(component);
                    break;
                }
            }
        }
        return extensions;
    }

    private static PluginType typeOf(List<ComponentDescriptionDTO> components) {
        for (ComponentDescriptionDTO component : components) {
            for (String service : component.serviceInterfaces) {
                switch (service) {
                    case "io.dtf.api.scheduler.SchedulerPlugin":
                        return PluginType.SCHEDULER;
                    case "io.dtf.api.executor.TaskExecutor":
                        return PluginType.TASK_EXECUTOR;
                    case "io.dtf.api.ci.CIProvider", "io.dtf.api.connector.ExternalSystemConnector":
                        return PluginType.INTEGRATION;
                    case "io.dtf.api.notify.NotificationChannel":
                        return PluginType.NOTIFICATION;
                    default:
                        break;
                }
            }
        }
        return PluginType.CUSTOM;
    }

    private static String interfaceOf(ComponentDescriptionDTO component, String referenceName) {
        for (var reference : component.references) {
            if (reference.name.equals(referenceName)) {
                return reference.interfaceName;
            }
        }
        return referenceName;
    }

    /**
     * The mandatory requirements of an unresolved bundle that nothing installed offers: the packages
     * (or other capabilities) it misses, each with its version range.
     */
    private List<String> unresolvedReasons(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<BundleCapability> offered = new ArrayList<>();
        for (Bundle other : context.getBundles()) {
            BundleRevision otherRevision = other.adapt(BundleRevision.class);
            if (other.getState() != Bundle.INSTALLED && otherRevision != null) {
                offered.addAll(otherRevision.getDeclaredCapabilities(null));
            }
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement requirement : revision == null ? List.<BundleRequirement>of()
                : revision.getDeclaredRequirements(null)) {
            boolean optional = "optional".equals(requirement.getDirectives().get("resolution"));
            if (optional || offered.stream().anyMatch(requirement::matches)) {
                continue;
            }
            String kind = requirement.getNamespace().equals("osgi.wiring.package") ? "package"
                    : requirement.getNamespace();
            missing.add(kind + " " + requirement.getDirectives().getOrDefault("filter", ""));
        }
        if (missing.isEmpty()) {
            missing.add("the bundle is not resolved (bundle:diag " + bundle.getBundleId() + " says why)");
        }
        return missing;
    }

    private static List<ServiceReference<?>> registered(Bundle bundle) {
        ServiceReference<?>[] references = bundle.getRegisteredServices();
        return references == null ? List.of() : List.of(references);
    }

    /** The bundle symbolic name of a plugin named by its name or symbolic name; NOT_FOUND when there is none. */
    String symbolicName(String name) {
        return bundleOf(name).getSymbolicName();
    }

    private Bundle bundleOf(String name) {
        for (PluginInfo plugin : plugins()) {
            if (plugin.name().equals(name)) {
                return context.getBundle(plugin.bundleId());
            }
        }
        Bundle bundle = bundleBySymbolicName(name);
        if (bundle == null || !isCandidate(bundle)) {
            throw DtfException.notFound("plugin", name);
        }
        return bundle;
    }

    private Bundle bundleBySymbolicName(String bsn) {
        for (Bundle bundle : context.getBundles()) {
            if (bsn.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }
}
