package dev.tocin.ffi;

/**
 * Where in a value a conversion problem is, as conversion errors print it: {@code $} is the
 * root, then {@code .name} for identifier-like keys, {@code ["other key"]} for other keys and
 * {@code [3]} for array indexes, e.g. {@code $.users[3]["e-mail"]}. Built step by step while
 * walking a value (cheap: the text is only made when an error needs it).
 */
public final class ValuePath {
    /** The root of a value. */
    public static final ValuePath ROOT = new ValuePath(null, null, -1);

    private final ValuePath parent;
    private final String key;
    private final long index;

    private ValuePath(ValuePath parent, String key, long index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** The path of field {@code key} of the object at this path. */
    public ValuePath key(String key) {
        return new ValuePath(this, key, -1);
    }

    /** The path of element {@code index} of the array at this path. */
    public ValuePath index(long index) {
        return new ValuePath(this, null, index);
    }

    /** How many steps below the root. */
    public int depth() {
        int d = 0;
        for (var p = this; p.parent != null; p = p.parent) {
            d++;
        }
        return d;
    }

    /** The path text; a very deep path keeps its first and last steps around "...". */
    @Override
    public String toString() {
        int depth = depth();
        var steps = new ValuePath[depth];
        int i = depth;
        for (var p = this; p.parent != null; p = p.parent) {
            steps[--i] = p;
        }
        var sb = new StringBuilder("$");
        for (i = 0; i < depth; i++) {
            if (depth > 2 * SHOWN && i == SHOWN) {
                sb.append("...(").append(depth - 2 * SHOWN).append(" more)...");
                i = depth - SHOWN;
            }
            steps[i].appendStep(sb);
        }
        return sb.toString();
    }

    private static final int SHOWN = 8;

    private void appendStep(StringBuilder sb) {
        if (key == null) {
            sb.append('[').append(index).append(']');
        } else if (isIdentifier(key)) {
            sb.append('.').append(key);
        } else {
            sb.append('[').append(JsonWriter.write(new FFIValue.StringValue(key))).append(']');
        }
    }

    private static boolean isIdentifier(String key) {
        return !key.isEmpty() && Character.isJavaIdentifierStart(key.charAt(0))
                && key.chars().allMatch(Character::isJavaIdentifierPart);
    }
}
