package dev.tocin.v8.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * JavaScript sources read from the class path once per JVM: the modules of this package and the
 * files of the npm packages the build takes as WebJars ({@code org.webjars.npm}).
 */
final class Sources {
    /** The npm packages the URL module may require; anything else is refused. */
    private static final Pattern WEBJAR_PATH =
            Pattern.compile("(whatwg-url|tr46|webidl-conversions|punycode)/((?:[\\w.-]+/)*[\\w.-]+\\.(?:js|json))");
    private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

    private Sources() {
    }

    /** The source of {@code dev/tocin/v8/web/<name>.js}. */
    static String module(String name) {
        return CACHE.computeIfAbsent("module:" + name, k -> read(name + ".js"));
    }

    /**
     * A file of a WebJar, named {@code <package>/<path inside the package>}; the version is the one
     * on the class path (read from the WebJar's own {@code pom.properties}).
     *
     * @throws IllegalArgumentException for a package that is not one of ours or a path that is not there
     */
    static String webjar(String path) {
        var m = WEBJAR_PATH.matcher(path);
        if (!m.matches() || path.contains("..")) {
            throw new IllegalArgumentException("not a file of the bundled npm packages: " + path);
        }
        return CACHE.computeIfAbsent("webjar:" + path, k -> {
            String pkg = m.group(1);
            String file = "/META-INF/resources/webjars/" + pkg + "/" + version(pkg) + "/" + m.group(2);
            return read(file);
        });
    }

    private static String version(String pkg) {
        var props = new Properties();
        try (InputStream in = Sources.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + pkg + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the WebJar of npm package '" + pkg + "' is not on the class path");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version");
    }

    private static String read(String resource) {
        try (InputStream in = Sources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no such source on the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
