package io.dtf.executor.browser.impl;

import io.dtf.api.pool.ResourcePool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A pool that passes every call to another and records the reasons leases it held were reclaimed for. */
final class ReclaimRecordingPool {
    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private final ResourcePool pool;

    ReclaimRecordingPool(ResourcePool target) {
        this.pool = (ResourcePool) Proxy.newProxyInstance(ResourcePool.class.getClassLoader(),
                new Class<?>[] {ResourcePool.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("reclaim") && Boolean.TRUE.equals(result)) {
                        reasons.add(args.length == 2 ? (String) args[1] : "an operator's reclaim");
                    }
                    return result;
                });
    }

    /** The pool to give the executor. */
    ResourcePool pool() {
        return pool;
    }

    /** The reasons given for leases that were held, in order. */
    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
