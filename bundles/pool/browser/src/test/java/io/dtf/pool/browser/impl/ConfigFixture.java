package io.dtf.pool.browser.impl;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link PoolConfig} as DS makes it: the values given, else the metatype defaults. */
final class ConfigFixture {
    private ConfigFixture() {
    }

    static PoolConfig config(Map<String, Object> values) {
        return (PoolConfig) Proxy.newProxyInstance(PoolConfig.class.getClassLoader(), new Class<?>[] {PoolConfig.class},
                (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    return values.containsKey(key) ? values.get(key) : method.getDefaultValue();
                });
    }
}
