package dev.tocin.v8;

/** Child-JVM entry for {@link NativeLibraryTest}: starts a runtime and prints how the library was found. */
public final class NativeLibraryProbe {
    private NativeLibraryProbe() {
    }

    public static void main(String[] args) {
        try (var rt = new V8Runtime()) {
            var answer = rt.evaluateExpression("6 * 7");
            var installed = NativeLibrary.installed();
            System.out.println("answer=" + answer + " written=" + installed.written() + " file=" + installed.file());
        }
    }
}
