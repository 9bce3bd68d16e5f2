package dev.tocin.bench.scheduler;

import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** Tocin's {@link LightweightScheduler}, started with NUMA awareness on or off. */
final class TocinContender implements Contender {
    private final String name;
    private final LightweightScheduler scheduler;

    TocinContender(String name, int workers, boolean numaAware) {
        this.name = name;
        scheduler = LightweightScheduler.builder().workers(workers).build();
        scheduler.enableNUMAAwareness(numaAware);
        scheduler.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasPriorities() {
        return true;
    }

    @Override
    public void execute(Fiber.Priority priority, Runnable task) {
        scheduler.goWithPriority(priority, task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return scheduler.go(task);
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
