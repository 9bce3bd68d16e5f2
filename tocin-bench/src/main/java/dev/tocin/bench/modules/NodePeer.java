package dev.tocin.bench.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Node.js as the peer: one fresh process per cold load, timed inside the process. */
final class NodePeer {
    /** Times in ms: the first import() of the entry (cold) and a second import() of it (cache hit). */
    record Times(double coldMs, double reimportMs) {
    }

    private static final String SCRIPT = """
            const url = process.argv[1];
            let t = process.hrtime.bigint();
            await import(url);
            const cold = Number(process.hrtime.bigint() - t) / 1e6;
            const rounds = 1000;
            t = process.hrtime.bigint();
            for (let i = 0; i < rounds; i++) await import(url);
            const again = Number(process.hrtime.bigint() - t) / 1e6 / rounds;
            console.log(cold + ' ' + again + ' ' + globalThis.lodashExports);
            """;

    private NodePeer() {
    }

    static Optional<String> version() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Times load(Path entry) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", "--input-type=module", "-e", SCRIPT, entry.toUri().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("node failed: " + out);
        }
        String[] parts = out.split(" ");
        if (parts.length != 3 || Integer.parseInt(parts[2]) < 300) {
            throw new IOException("node did not load lodash-es: " + out);
        }
        return new Times(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
    }
}
