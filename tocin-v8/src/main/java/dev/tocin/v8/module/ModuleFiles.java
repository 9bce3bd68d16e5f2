package dev.tocin.v8.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file system as the {@link Resolver} sees it: the disk, or an in-memory tree in tests. */
interface ModuleFiles {
    boolean isFile(Path path);

    boolean isDirectory(Path path);

    /** The path with symlinks resolved; a {@link java.nio.file.NoSuchFileException} when nothing is there. */
    Path realPath(Path path) throws IOException;

    String read(Path file) throws IOException;

    ModuleFiles DISK = new ModuleFiles() {
        @Override
        public boolean isFile(Path path) {
            return Files.isRegularFile(path);
        }

        @Override
        public boolean isDirectory(Path path) {
            return Files.isDirectory(path);
        }

        @Override
        public Path realPath(Path path) throws IOException {
            return path.toRealPath();
        }

        @Override
        public String read(Path file) throws IOException {
            return Files.readString(file);
        }
    };
}
