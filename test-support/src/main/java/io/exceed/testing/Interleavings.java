package io.exceed.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Forces an interleaving without sleeping: the real collaborator, with something else run just before each call of
 * one of its methods (an erasure just before a store's insert, for instance).
 */
public final class Interleavings {

    private Interleavings() {
    }

    /** {@code target} as a {@code type}, running {@code before} ahead of every call of the method {@code method}. */
    @SuppressWarnings("unchecked")
    public static <T> T before(Class<T> type, T target, String method, Runnable before) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, called, args) -> {
            if (called.getName().equals(method)) {
                before.run();
            }
            try {
                return called.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
