package dev.tocin.v8.module;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A file tree in memory (no symlinks): each file's path and text; folders are implied by the files. */
final class InMemoryFiles implements ModuleFiles {
    private final Map<Path, String> files = new HashMap<>();

    /** {@code "path", "text", "path", "text", ...} with absolute paths. */
    static InMemoryFiles of(String... pathsAndTexts) {
        var fs = new InMemoryFiles();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            fs.files.put(Path.of(pathsAndTexts[i]).normalize(), pathsAndTexts[i + 1]);
        }
        return fs;
    }

    @Override
    public boolean isFile(Path path) {
        return files.containsKey(path.normalize());
    }

    @Override
    public boolean isDirectory(Path path) {
        Path dir = path.normalize();
        return files.keySet().stream().anyMatch(f -> !f.equals(dir) && f.startsWith(dir));
    }

    @Override
    public Path realPath(Path path) throws NoSuchFileException {
        if (!isFile(path) && !isDirectory(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return path.toAbsolutePath().normalize();
    }

    @Override
    public String read(Path file) throws NoSuchFileException {
        String text = files.get(file.normalize());
        if (text == null) {
            throw new NoSuchFileException(file.toString());
        }
        return text;
    }
}
