package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs one Spark task's requests on as many threads as the task holds CPUs ({@code spark.task.cpus},
 * docs/architecture.md "Spark"): the threads pull one request at a time from the partition, so a few
 * slow evaluations (or many fast, early-diverging ones) do not leave a core idle while another works
 * through a fixed share. With one CPU per task the requests run in the task's own thread, in order.
 * The extra threads come from one JVM-wide pool of daemon threads that outlive tasks, so per-thread
 * evaluation caches stay warm across generations. Results come back in the partition's order.
 */
final class TaskThreads {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blur-task-worker");
        t.setDaemon(true);
        return t;
    });

    private TaskThreads() {
    }

    /**
     * f over items on {@code threads} threads (the caller's and threads − 1 pooled ones) that pull one
     * item at a time and stop pulling once {@code cancelled} says so; the results in item order. The
     * first exception f throws is rethrown here (unchecked as is, checked wrapped).
     */
    static <A, B> List<B> map(Iterator<A> items, Function<A, B> f, int threads, BooleanSupplier cancelled)
            throws InterruptedException {
        List<A> in = new ArrayList<>();
        items.forEachRemaining(in::add);
        List<B> out = new ArrayList<>(in.size());
        if (threads <= 1 || in.size() <= 1) {
            for (A a : in) {
                out.add(f.apply(a));
            }
            return out;
        }
        Object[] results = new Object[in.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < in.size() && !cancelled.getAsBoolean();
                     i = next.getAndIncrement()) {
                    results[i] = f.apply(in.get(i));
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                next.set(in.size());
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, in.size()); t++) {
            helpers.add(POOL.submit(worker));
        }
        worker.run();
        for (Future<?> h : helpers) {
            try {
                h.get();
            } catch (ExecutionException e) { // the worker catches what f throws; anything else is a bug here
                throw new IllegalStateException(e.getCause());
            }
        }
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (cancelled.getAsBoolean()) {
            throw new InterruptedException("the Spark task was killed");
        }
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            B b = (B) r;
            out.add(b);
        }
        return out;
    }
}
