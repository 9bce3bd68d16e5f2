package dev.tocin.runtime;

/** Distinct fibers with small ids for queue stress tests (0 stands for "nothing"). */
final class QueueStressFibers {
    static final Fiber<?> ONE = fiber();
    static final Fiber<?> TWO = fiber();
    static final Fiber<?> THREE = fiber();

    private QueueStressFibers() {
    }

    static Fiber<?> fiber() {
        return new Fiber<>((Runnable) () -> { }, Fiber.Priority.NORMAL, null, -1, false);
    }

    static int id(Fiber<?> f) {
        return f == null ? 0 : f == ONE ? 1 : f == TWO ? 2 : f == THREE ? 3 : -1;
    }
}
