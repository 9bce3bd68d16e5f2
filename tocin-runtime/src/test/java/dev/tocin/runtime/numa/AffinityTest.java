package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AffinityTest {
    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Runs on a fresh platform thread, so the test runner's thread is never left pinned. */
    private static <T> T onFreshThread(Callable<T> body) throws Exception {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().name("affinity-test").start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    private static BitSet bits(int... cpus) {
        var set = new BitSet();
        for (int cpu : cpus) {
            set.set(cpu);
        }
        return set;
    }

    @Test
    void linuxSystemAffinityReadsPinsAndReadsBack() throws Exception {
        assumeTrue(linux(), "sched_setaffinity exists on Linux only");
        var affinity = Affinity.system();
        assertThat(affinity).isInstanceOf(LinuxAffinity.class);
        onFreshThread(() -> {
            var allowed = affinity.currentThreadAffinity();
            var online = new BitSet();
            NumaTopology.detect().cpus().forEach(cpu -> online.set(cpu.id()));
            assertThat(allowed.isEmpty()).as("allowed CPUs of a fresh thread").isFalse();
            var outside = (BitSet) allowed.clone();
            outside.andNot(online);
            assertThat(outside.isEmpty()).as("allowed CPUs " + allowed + " are online CPUs " + online).isTrue();

            assertThat(affinity.pinCurrentThread(allowed)).isTrue();
            assertThat(affinity.currentThreadAffinity()).isEqualTo(allowed);

            int last = allowed.length() - 1;
            assertThat(affinity.pinCurrentThread(bits(last))).isTrue();
            assertThat(affinity.currentThreadAffinity()).isEqualTo(bits(last));
            // sched_setaffinity migrates the calling thread before it returns
            assertThat(affinity.currentCpu()).isEqualTo(last);

            // a mask wider than glibc's 1024-CPU cpu_set_t: bits beyond the machine are ignored by the kernel
            var wide = bits(last, 1500);
            assertThat(affinity.pinCurrentThread(wide)).isTrue();
            assertThat(affinity.currentThreadAffinity()).isEqualTo(bits(last));

            assertThat(affinity.pinCurrentThread(allowed)).isTrue();
            assertThat(affinity.currentThreadAffinity()).isEqualTo(allowed);
            return null;
        });
    }

    @Test
    void linuxFailuresAreReturnedNotThrownAndChangeNothing() throws Exception {
        assumeTrue(linux(), "sched_setaffinity exists on Linux only");
        var affinity = Affinity.system();
        onFreshThread(() -> {
            var before = affinity.currentThreadAffinity();
            assertThat(affinity.pinCurrentThread(new BitSet())).isFalse();
            assertThat(affinity.pinCurrentThread(bits(4000))).as("no such CPU: EINVAL").isFalse();
            assertThat(affinity.currentThreadAffinity()).isEqualTo(before);
            return null;
        });
    }

    @Test
    void currentCpuIsOneOfTheAllowedCpus() throws Exception {
        assumeTrue(linux(), "getcpu exists on Linux only");
        var affinity = Affinity.system();
        onFreshThread(() -> {
            assertThat(affinity.currentThreadAffinity().get(affinity.currentCpu())).isTrue();
            return null;
        });
    }

    @Test
    void virtualThreadsAreNeverPinned() throws Exception {
        var result = new CompletableFuture<Boolean>();
        Thread.ofVirtual().start(() -> result.complete(Affinity.system().pinCurrentThread(bits(0))));
        assertThat(result.get(60, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void noneAppliesNothing() {
        var none = Affinity.none();
        assertThat(none.pinCurrentThread(bits(0))).isFalse();
        assertThat(none.currentThreadAffinity().isEmpty()).isTrue();
        assertThat(none.currentCpu()).isEqualTo(-1);
    }

    @Test
    void recordingRemembersPinsPerThreadWithoutApplyingThem() throws Exception {
        var recording = Affinity.recording();
        var before = Affinity.system().currentThreadAffinity();
        assertThat(recording.currentCpu()).isEqualTo(-1);
        var mask = bits(6, 7);
        assertThat(recording.pinCurrentThread(mask)).isTrue();
        mask.set(9); // the recording keeps its own copy
        assertThat(recording.currentThreadAffinity()).isEqualTo(bits(6, 7));
        assertThat(recording.currentCpu()).isEqualTo(6);
        var other = onFreshThread(() -> {
            recording.pinCurrentThread(bits(3));
            return Thread.currentThread();
        });
        assertThat(recording.pins()).extracting(RecordingAffinity.Pin::thread).containsExactly(Thread.currentThread(), other);
        assertThat(recording.pinnedCpus(other)).hasValue(bits(3));
        assertThat(recording.pinnedCpus(Thread.currentThread())).hasValue(bits(6, 7));
        assertThat(recording.pinCurrentThread(new BitSet())).isFalse();
        assertThat(Affinity.system().currentThreadAffinity()).as("nothing applied").isEqualTo(before);
    }

    @Test
    void recordingKeepsEveryPinOfManyConcurrentThreads() throws Exception {
        var recording = Affinity.recording();
        int threads = 16;
        int pinsPerThread = 200;
        var start = new java.util.concurrent.CountDownLatch(1);
        var workers = new java.util.ArrayList<Thread>();
        var wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < pinsPerThread; i++) {
                    recording.pinCurrentThread(bits(id, 100 + i));
                    // each thread must always read back its own latest pin, whatever the others do
                    if (!recording.currentThreadAffinity().equals(bits(id, 100 + i)) || recording.currentCpu() != id) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (var worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(worker.isAlive()).isFalse();
        }
        assertThat(wrong).hasValue(0);
        assertThat(recording.pins()).hasSize(threads * pinsPerThread);
        for (int t = 0; t < threads; t++) {
            var thread = workers.get(t);
            assertThat(recording.pinnedCpus(thread)).hasValue(bits(t, 100 + pinsPerThread - 1));
            assertThat(recording.pins().stream().filter(p -> p.thread() == thread)).hasSize(pinsPerThread);
        }
    }
}
