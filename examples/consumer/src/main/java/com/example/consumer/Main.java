package com.example.consumer;

import dev.tocin.ffi.FFIValue;
import dev.tocin.runtime.Fiber;
import dev.tocin.runtime.LightweightScheduler;
import dev.tocin.v8.V8Runtime;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/** Runs JavaScript from fibers of two priorities, as a Tocin user's program would. */
public final class Main {
    public static void main(String[] args) throws Exception {
        var module = Files.createTempFile("greeter", ".mjs");
        try (var in = Main.class.getResourceAsStream("/greeter.mjs")) {
            Files.write(module, in.readAllBytes());
        }
        try (var scheduler = new LightweightScheduler(2); var rt = new V8Runtime()) {
            scheduler.start();
            rt.loadESModule(module.toString(), "greeter");
            Fiber<FFIValue> greeting = scheduler.goWithPriority(Fiber.Priority.CRITICAL,
                    () -> rt.callFunction("greeter", "greet", FFIValue.of(args.length > 0 ? args[0] : "consumer")));
            Fiber<FFIValue> sum = scheduler.go(() -> rt.callFunction("greeter", "total",
                    FFIValue.fromJSON("[1.5, 2.5, 38]")));
            System.out.println(greeting.get(30, TimeUnit.SECONDS).asString());
            System.out.println("total = " + sum.get(30, TimeUnit.SECONDS).asDouble());
            System.out.println("fibers completed: " + scheduler.getStats().completedFibers());
        } finally {
            Files.deleteIfExists(module);
        }
    }
}
