package dev.tocin.v8.module;

import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValuePromise;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The modules of one isolate by canonical URL, their import edges and who first imported each
 * (for error chains). Every walk here is iterative: import chains thousands of modules deep are
 * legal, and Node loads them.
 */
final class ModuleGraph {
    /** One module: its V8 record, source, outgoing edges, and the evaluation promise once it ran as a root. */
    static final class Entry {
        final String url;
        final Path file;
        /** The text as the loader returned it (TypeScript before transpiling), to detect changes and find imports. */
        final String source;
        /** The bytes the loader returned, to detect changes on reload. */
        final byte[] bytes;
        final V8Module module;
        final Set<String> deps = new LinkedHashSet<>();
        private List<JsParser.StaticImport> imports;
        /** The promise V8 returned when this module was evaluated as a root; Javet returns nothing later. */
        V8ValuePromise evaluation;
        /** Evaluated as a root and fulfilled: a later load of the same specifier needs no V8 call. */
        boolean fulfilled;

        Entry(String url, Path file, String source, byte[] bytes, V8Module module) {
            this.url = url;
            this.file = file;
            this.source = source;
            this.bytes = bytes;
            this.module = module;
        }
    }

    /** A DFS depth at which deep graphs are evaluated in parts (V8's evaluation recursion overflows near 2,000). */
    static final int EVALUATION_STEP = 256;

    private final Map<String, Entry> modules = new HashMap<>();
    private final Map<String, String> firstImporter = new HashMap<>();

    Entry get(String url) {
        return url == null ? null : modules.get(url);
    }

    void put(Entry entry) {
        modules.put(entry.url, entry);
    }

    Collection<Entry> entries() {
        return modules.values();
    }

    void clear() {
        modules.clear();
        firstImporter.clear();
    }

    void importedBy(String url, String importer) {
        if (importer != null) {
            firstImporter.putIfAbsent(url, importer);
        }
    }

    /** The importers of {@code url}, nearest first. */
    List<String> chain(String url) {
        var chain = new ArrayList<String>();
        var seen = new HashSet<String>();
        seen.add(url);
        for (String at = firstImporter.get(url); at != null && seen.add(at); at = firstImporter.get(at)) {
            chain.add(at);
        }
        return chain;
    }

    /** The static imports (and literal import() calls) of a JavaScript module, parsed on first use. */
    List<JsParser.StaticImport> importsOf(Entry e) {
        if (e.imports == null) {
            boolean javascript = e.url.startsWith("file:") || e.url.startsWith("data:") || e.url.startsWith("http");
            if (!javascript || e.url.contains("#type=") || e.url.endsWith(".json")) {
                e.imports = List.of();
            } else {
                e.imports = (TypeScript.isTypeScript(e.url) ? JsParser.module(e.source, TypeScript.mediaType(e.url)) : JsParser.module(e.source)).imports();
            }
        }
        return e.imports;
    }

    /** Line and column of the import of {@code specifier} in the referrer, or {0, 0}. */
    int[] importPosition(String referrerUrl, String specifier) {
        Entry from = get(referrerUrl);
        if (from != null && specifier != null) {
            for (var i : importsOf(from)) {
                if (i.specifier().equals(specifier)) {
                    return new int[]{i.line(), i.column()};
                }
            }
        }
        return new int[]{0, 0};
    }

    /** Every module reachable from {@code root} (by the recorded edges) for which {@code changed} holds. */
    Set<String> reachable(String root, Predicate<Entry> changed) {
        Set<String> hits = new HashSet<>();
        var seen = new HashSet<String>();
        var queue = new ArrayDeque<String>(List.of(root));
        while (!queue.isEmpty()) {
            Entry e = modules.get(queue.poll());
            if (e == null || !seen.add(e.url)) {
                continue;
            }
            if (changed.test(e)) {
                hits.add(e.url);
            }
            queue.addAll(e.deps);
        }
        return hits;
    }

    /** {@code changed} and every module importing one of them, directly or not. */
    Set<String> importersOf(Set<String> changed) {
        var reverse = new HashMap<String, List<String>>();
        for (Entry e : modules.values()) {
            for (String d : e.deps) {
                reverse.computeIfAbsent(d, k -> new ArrayList<>()).add(e.url);
            }
        }
        Set<String> stale = new HashSet<>(changed);
        var queue = new ArrayDeque<>(changed);
        while (!queue.isEmpty()) {
            for (String importer : reverse.getOrDefault(queue.poll(), List.of())) {
                if (stale.add(importer)) {
                    queue.add(importer);
                }
            }
        }
        return stale;
    }

    Entry remove(String url) {
        firstImporter.remove(url);
        return modules.remove(url);
    }

    /**
     * Modules under {@code root} that can be evaluated on their own, deepest first, before the
     * root, so no single evaluation recurses more than {@link #EVALUATION_STEP} levels. Only roots
     * of strongly connected components qualify (Tarjan's lowlink, iteratively), at depths that are
     * multiples of the step: evaluating such a module first runs exactly the modules, in exactly
     * the order, that evaluating the root would have run up to that point.
     * {@code pending} says whether a module still awaits evaluation.
     */
    List<Entry> evaluationSteps(Entry root, Predicate<Entry> pending) {
        var steps = new ArrayList<Entry>();
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        var onStack = new HashSet<String>();
        var stack = new ArrayDeque<String>();
        record Frame(Entry entry, Iterator<String> next) {
        }
        var path = new ArrayDeque<Frame>();
        index.put(root.url, 0);
        low.put(root.url, 0);
        stack.push(root.url);
        onStack.add(root.url);
        path.push(new Frame(root, List.copyOf(root.deps).iterator()));
        int counter = 1;
        while (!path.isEmpty()) {
            Frame top = path.peek();
            if (top.next.hasNext()) {
                String url = top.next.next();
                Entry dep = modules.get(url);
                if (dep == null || !pending.test(dep)) {
                    continue;
                }
                if (!index.containsKey(url)) {
                    index.put(url, counter);
                    low.put(url, counter);
                    counter++;
                    stack.push(url);
                    onStack.add(url);
                    path.push(new Frame(dep, List.copyOf(dep.deps).iterator()));
                } else if (onStack.contains(url)) {
                    low.merge(top.entry.url, index.get(url), Math::min);
                }
                continue;
            }
            path.pop();
            String url = top.entry.url;
            if (!path.isEmpty()) {
                low.merge(path.peek().entry.url, low.get(url), Math::min);
            }
            if (low.get(url).equals(index.get(url))) {
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                } while (!member.equals(url));
                if (!path.isEmpty() && path.size() % EVALUATION_STEP == 0) {
                    steps.add(top.entry);
                }
            }
        }
        return steps;
    }
}
