package io.dtf.benchmarks;

import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.testkit.BuiltInSchedulers;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schedulers, made outside OSGi: the coordinator's FIFO through the test kit, and the scheduler
 * plugins the way Declarative Services makes them: the public no-argument constructor, then the
 * activate method (the one taking a configuration annotation) with a configuration built from
 * properties, defaults for the rest.
 */
public final class Schedulers {
    /** The coordinator's own scheduler, first in the comparisons. */
    static final String FIFO = "fifo";
    /** dtf.scheduler name to implementation class of the plugins, in the order of the comparisons. */
    public static final Map<String, String> CLASSES = classes();

    private Schedulers() {
    }

    private static Map<String, String> classes() {
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("fair-share", "io.dtf.scheduler.fairshare.impl.FairShareScheduler");
        classes.put("priority", "io.dtf.scheduler.priority.impl.PriorityScheduler");
        classes.put("round-robin", "io.dtf.scheduler.roundrobin.impl.RoundRobinScheduler");
        classes.put("resource-aware", "io.dtf.scheduler.resourceaware.impl.ResourceAwareScheduler");
        classes.put("deadline", "io.dtf.scheduler.deadline.impl.DeadlineScheduler");
        return Collections.unmodifiableMap(classes);
    }

    /** FIFO, and the names of the plugins whose classes are on the class path. */
    public static List<String> available() {
        return Stream.concat(Stream.of(FIFO), CLASSES.keySet().stream().filter(Schedulers::isAvailable)).toList();
    }

    public static boolean isAvailable(String name) {
        if (FIFO.equals(name)) {
            return true;
        }
        try {
            Class.forName(CLASSES.get(name));
            return true;
        } catch (ClassNotFoundException | NullPointerException missing) {
            return false;
        }
    }

    /** A new, activated instance of the named scheduler with these configuration properties. */
    public static SchedulerPlugin create(String name, Map<String, ?> properties) {
        if (FIFO.equals(name)) {
            return BuiltInSchedulers.fifo();
        }
        String className = CLASSES.get(name);
        if (className == null) {
            throw new IllegalArgumentException("unknown scheduler " + name + "; known: "
                    + Stream.concat(Stream.of(FIFO), CLASSES.keySet().stream()).toList());
        }
        try {
            Class<?> type = Class.forName(className);
            SchedulerPlugin scheduler = (SchedulerPlugin) type.getConstructor().newInstance();
            for (Method method : type.getDeclaredMethods()) {
                if (method.getParameterCount() == 1 && method.getParameterTypes()[0].isAnnotation()) {
                    method.setAccessible(true);
                    method.invoke(scheduler, configuration(method.getParameterTypes()[0], properties));
                    break;
                }
            }
            return scheduler;
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException("scheduler " + name + " is not on the class path (" + className + ")");
        } catch (InvocationTargetException failed) {
            throw new IllegalStateException("scheduler " + name + " failed to activate", failed.getCause());
        } catch (ReflectiveOperationException failed) {
            throw new IllegalStateException("scheduler " + name + " cannot be made", failed);
        }
    }

    /** A configuration annotation instance: the given properties, each element's default for the rest. */
    static Object configuration(Class<?> annotation, Map<String, ?> properties) {
        return Proxy.newProxyInstance(annotation.getClassLoader(), new Class<?>[] {annotation}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return annotation;
                case "toString":
                    return annotation.getSimpleName() + properties;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    Object value = properties.get(method.getName());
                    return value == null ? method.getDefaultValue() : convert(value, method.getReturnType());
            }
        });
    }

    private static Object convert(Object value, Class<?> type) {
        if (type.isInstance(value)) {
            return value;
        }
        if (type.isArray()) {
            Object[] items = value instanceof Object[] many ? many : new Object[] {value};
            Object array = Array.newInstance(type.getComponentType(), items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(array, i, convert(items[i], type.getComponentType()));
            }
            return array;
        }
        String text = String.valueOf(value);
        if (type == String.class) {
            return text;
        } else if (type == int.class) {
            return Integer.parseInt(text);
        } else if (type == long.class) {
            return Long.parseLong(text);
        } else if (type == double.class) {
            return Double.parseDouble(text);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(text);
        } else if (type.isEnum()) {
            return enumValue(type, text);
        }
        throw new IllegalArgumentException("cannot give " + value + " as " + type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String text) {
        return Enum.valueOf((Class) type, text);
    }
}
