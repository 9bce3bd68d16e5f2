package dev.tocin.v8;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Per-runtime settings, fixed when the runtime is created.
 *
 * @param timeout          longest time one job or callback may run JavaScript without returning to
 *                         the loop; {@link Duration#ZERO} for no limit. Exceeding it terminates the
 *                         code with a {@link ScriptTimeoutException}; the runtime stays usable.
 * @param maxHeapBytes     JavaScript heap limit of this isolate; 0 keeps V8's default. Reaching it
 *                         terminates the code with a {@link HeapLimitException} instead of V8
 *                         aborting the process.
 * @param sandboxRoots     folders modules may be loaded from, in addition to the entry module's
 *                         folder (see docs/modules.md)
 * @param conditions       extra {@code package.json} export conditions, tried before
 *                         {@code import} and {@code default}
 * @param allowData        whether {@code data:} module URLs may be imported
 * @param allowRemote      whether {@code http(s):} module URLs may be imported
 * @param console          where {@code console.*} output goes
 * @param uncaughtErrors   receives errors thrown by timer callbacks and microtasks that nothing
 *                         caught (default: printed with their stack to {@code console} at ERROR)
 * @param codeCache        folder for V8 code-cache files that make later cold loads of the same
 *                         module sources faster, or {@code null} for none (see docs/modules.md)
 * @param allowNet         hosts {@code fetch} may reach: {@code "host"}, {@code "host:port"}, or
 *                         {@code "*"} for all; none by default (see docs/web-apis.md)
 * @param env              the contents of {@code process.env} (empty by default: the JVM's
 *                         environment is not exposed unless the host passes it)
 * @param onExit           what {@code process.exit(code)} does after terminating the running
 *                         JavaScript, or {@code null}: then {@code process.exit} throws
 * @param loopCpus         CPUs (operating-system ids) the runtime's loop thread is pinned to, e.g.
 *                         one NUMA node's; empty for no pinning. A pin the system refuses is logged,
 *                         not fatal. {@link V8RuntimePool} sets it per isolate from the node it
 *                         belongs to.
 */
public record V8Options(Duration timeout, long maxHeapBytes, List<Path> sandboxRoots, List<String> conditions,
                        boolean allowData, boolean allowRemote, ConsoleSink console,
                        Consumer<RuntimeException> uncaughtErrors, Path codeCache, List<String> allowNet,
                        Map<String, String> env, IntConsumer onExit, Set<Integer> loopCpus) {
    public V8Options {
        loopCpus = loopCpus == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(loopCpus));
        loopCpus.forEach(cpu -> {
            if (cpu < 0) {
                throw new IllegalArgumentException("loop CPU ids must not be negative: " + cpu);
            }
        });
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        env.forEach((name, value) -> Objects.requireNonNull(value, () -> "env value of " + name));
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (maxHeapBytes < 0) {
            throw new IllegalArgumentException("maxHeapBytes must not be negative: " + maxHeapBytes);
        }
        sandboxRoots = List.copyOf(sandboxRoots);
        conditions = List.copyOf(conditions);
        allowNet = List.copyOf(allowNet);
        Objects.requireNonNull(console, "console");
        if (uncaughtErrors == null) {
            var sink = console;
            uncaughtErrors = e -> sink.write(ConsoleSink.Level.ERROR, "Uncaught " + e.getMessage());
        }
    }

    /** The options without network permissions, {@code process.env} or {@code process.exit} (the first signature). */
    public V8Options(Duration timeout, long maxHeapBytes, List<Path> sandboxRoots, List<String> conditions,
                     boolean allowData, boolean allowRemote, ConsoleSink console,
                     Consumer<RuntimeException> uncaughtErrors, Path codeCache) {
        this(timeout, maxHeapBytes, sandboxRoots, conditions, allowData, allowRemote, console, uncaughtErrors, codeCache,
                List.of(), Map.of(), null, Set.of());
    }

    /** A builder holding these options, to derive changed ones (new options are carried over too). */
    public Builder toBuilder() {
        var b = new Builder();
        b.timeout = timeout;
        b.maxHeapBytes = maxHeapBytes;
        b.roots.addAll(sandboxRoots);
        b.conditions.addAll(conditions);
        b.allowData = allowData;
        b.allowRemote = allowRemote;
        b.console = console;
        b.uncaughtErrors = uncaughtErrors;
        b.codeCache = codeCache;
        b.allowNet.addAll(allowNet);
        b.env.putAll(env);
        b.onExit = onExit;
        b.loopCpus.addAll(loopCpus);
        return b;
    }

    /** No timeout, V8's heap limit, no extra roots or conditions, standard console. */
    public static V8Options defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration timeout = Duration.ZERO;
        private long maxHeapBytes;
        private final List<Path> roots = new ArrayList<>();
        private final List<String> conditions = new ArrayList<>();
        private boolean allowData;
        private boolean allowRemote;
        private ConsoleSink console = ConsoleSink.standard();
        private Consumer<RuntimeException> uncaughtErrors;
        private Path codeCache;
        private final List<String> allowNet = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private IntConsumer onExit;
        private final Set<Integer> loopCpus = new TreeSet<>();

        private Builder() {
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxHeapBytes(long bytes) {
            this.maxHeapBytes = bytes;
            return this;
        }

        public Builder maxHeapMb(int megabytes) {
            return maxHeapBytes((long) megabytes << 20);
        }

        /** Adds sandbox roots modules may be loaded from. */
        public Builder allowRead(Path... folders) {
            roots.addAll(List.of(folders));
            return this;
        }

        public Builder conditions(String... names) {
            conditions.addAll(List.of(names));
            return this;
        }

        public Builder allowData(boolean allow) {
            this.allowData = allow;
            return this;
        }

        public Builder allowRemote(boolean allow) {
            this.allowRemote = allow;
            return this;
        }

        public Builder console(ConsoleSink sink) {
            this.console = sink;
            return this;
        }

        public Builder onUncaughtError(Consumer<RuntimeException> handler) {
            this.uncaughtErrors = handler;
            return this;
        }

        /** Keeps V8's compiled code of loaded modules in {@code folder} for later runs. */
        public Builder codeCache(Path folder) {
            this.codeCache = folder;
            return this;
        }

        /** Lets {@code fetch} reach these hosts: {@code "host"} (any port), {@code "host:port"}, or {@code "*"} (all). */
        public Builder allowNet(String... hosts) {
            allowNet.addAll(List.of(hosts));
            return this;
        }

        /** Adds entries to {@code process.env} (later entries of the same name win). */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Pins the runtime's loop thread to these CPUs (operating-system ids), e.g. one NUMA node's. */
        public Builder loopAffinity(Collection<Integer> cpus) {
            loopCpus.addAll(cpus);
            return this;
        }

        /** Lets {@code process.exit(code)} end the program: the running JavaScript is terminated, then {@code handler} gets the code. */
        public Builder onExit(IntConsumer handler) {
            this.onExit = handler;
            return this;
        }

        public V8Options build() {
            return new V8Options(timeout, maxHeapBytes, roots, conditions, allowData, allowRemote, console, uncaughtErrors,
                    codeCache, allowNet, env, onExit, loopCpus);
        }
    }
}
