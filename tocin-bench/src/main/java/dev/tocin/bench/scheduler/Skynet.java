package dev.tocin.bench.scheduler;

import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The skynet benchmark: a tree in which every task starts ten children and sums their
 * results, down to {@code leaves} leaves that return their own number; the root's result
 * is {@code leaves * (leaves - 1) / 2} (499999500000 for one million leaves).
 */
final class Skynet {
    static final int FAN_OUT = 10;

    private Skynet() {
    }

    static long expectedSum(long leaves) {
        return leaves * (leaves - 1) / 2;
    }

    /** Runs the tree and returns the root's sum, after checking it against {@link #expectedSum}. */
    static long run(Contender contender, long leaves)
            throws InterruptedException, ExecutionException, TimeoutException {
        requirePowerOfTen(leaves);
        long sum;
        try {
            sum = contender.submit(() -> node(contender, 0, leaves)).get(Guard.GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("skynet of " + leaves + " leaves on " + contender.name() + " did not finish within "
                    + Guard.GUARD_SECONDS + " s");
        }
        if (sum != expectedSum(leaves)) {
            throw new IllegalStateException("skynet on " + contender.name() + " summed " + sum + ", expected "
                    + expectedSum(leaves));
        }
        return sum;
    }

    static void requirePowerOfTen(long leaves) {
        long n = leaves;
        while (n > 1 && n % FAN_OUT == 0) {
            n /= FAN_OUT;
        }
        if (n != 1) {
            throw new IllegalArgumentException("skynet needs a power of ten leaves, got " + leaves);
        }
    }

    private static long node(Contender contender, long first, long size) throws InterruptedException, ExecutionException {
        if (size == 1) {
            return first;
        }
        long childSize = size / FAN_OUT;
        var children = new ArrayList<Future<Long>>(FAN_OUT);
        for (int i = 0; i < FAN_OUT; i++) {
            long childFirst = first + i * childSize;
            children.add(contender.submit(() -> node(contender, childFirst, childSize)));
        }
        long sum = 0;
        for (var child : children) {
            sum += child.get();
        }
        return sum;
    }
}
