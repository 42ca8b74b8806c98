package io.dtf.rest.impl.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link RestConfig} with its defaults, some of them replaced, as DS would hand it over. */
public final class TestConfig {
    private TestConfig() {
    }

    public static RestConfig of(Map<String, Object> values) {
        return (RestConfig) Proxy.newProxyInstance(RestConfig.class.getClassLoader(), new Class<?>[] {RestConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return RestConfig.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : defaultOf(method);
                });
    }

    public static RestConfig defaults() {
        return of(Map.of());
    }

    private static Object defaultOf(Method method) {
        return method.getDefaultValue();
    }
}
