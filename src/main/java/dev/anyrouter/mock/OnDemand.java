package dev.anyrouter.mock;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A run of items made when asked for by index, so a long slow stream holds a few counters
 * rather than all its events.
 */
interface OnDemand<T> {

    int count();

    T get(int index);

    /** {@code count} items, item {@code i} made by {@code item}. */
    static <T> OnDemand<T> of(int count, IntFunction<T> item) {
        return new OnDemand<>() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public T get(int index) {
                return item.apply(index);
            }
        };
    }

    /** Items already made (a few, such as the fragments of some tool calls). */
    static <T> OnDemand<T> of(List<T> items) {
        List<T> copy = List.copyOf(items);
        return of(copy.size(), copy::get);
    }
}
