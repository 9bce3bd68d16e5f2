package dev.tocin.v8.module;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstKeyValueProp;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstImportPhase;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstMetaPropKind;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstCallExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdentName;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstMetaPropExpr;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstObjectLit;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstProgram;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstExportAll;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImport;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstNamedExport;
import com.caoccao.javet.swc4j.ast.program.Swc4jAstModule;
import com.caoccao.javet.swc4j.ast.visitors.Swc4jAstVisitor;
import com.caoccao.javet.swc4j.ast.visitors.Swc4jAstVisitorResponse;
import com.caoccao.javet.swc4j.enums.Swc4jMediaType;
import com.caoccao.javet.swc4j.enums.Swc4jParseMode;
import com.caoccao.javet.swc4j.exceptions.Swc4jCoreException;
import com.caoccao.javet.swc4j.options.Swc4jParseOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds and rewrites {@code import(...)} and {@code import.meta} with a real parser: swc (Rust,
 * through swc4j's JNI binding), called on the caller's thread. Edits replace text in place and
 * keep every line break and column, so V8's error positions still point at the original source.
 *
 * <p>swc4j prints a Rust panic message to stderr for every source that does not parse (its
 * error path panics after raising the Java exception), so callers let V8 judge the syntax first
 * and hand only code V8 accepts to this class.
 */
final class JsParser {
    /** The transform of one source: the rewritten code (null when unchanged) and what it found. */
    record Result(String code, boolean async, List<StaticImport> imports, String error, int line, int column) {
        boolean failed() {
            return error != null;
        }

        static Result failure(String error, int line, int column) {
            return new Result(null, false, List.of(), error, line, column);
        }
    }

    /** A static import (or literal import()) with its {@code type} attribute and source position (1-based). */
    record StaticImport(String specifier, String type, boolean dynamic, int line, int column, boolean sourcePhase) {
        StaticImport(String specifier, String type, boolean dynamic, int line, int column) {
            this(specifier, type, dynamic, line, column, false);
        }
    }

    /** Stands in for the 6-character keyword {@code import} in {@code import(...)}. */
    static final String IMPORT_FN = "$tcImp";
    /** Stands in for {@code import.meta}, padded with spaces. */
    static final String IMPORT_META = "$tcMta";
    /** Stand in for {@code import.source} and {@code import.defer}, padded with spaces. */
    static final String IMPORT_SOURCE = "$tcSrc";
    static final String IMPORT_DEFER = "$tcDef";
    static final Swc4j SWC = new Swc4j();
    private static final Pattern NEW_BEFORE = Pattern.compile("\\bnew\\s*$");
    private static final Pattern ERROR_AT = Pattern.compile("\\n\\s*at \\S*?:(\\d+):(\\d+)\\s*$");

    private JsParser() {
    }

    /** Module code: import() and import.meta become calls into the per-module host module; static imports are listed. */
    static Result module(String source) {
        return module(source, Swc4jMediaType.JavaScript);
    }

    /** {@link #module(String)} for a module of another media type (TypeScript: its imports at their own positions). */
    static Result module(String source, Swc4jMediaType mediaType) {
        ISwc4jAstProgram<?> program;
        try {
            program = parse(source, Swc4jParseMode.Module, mediaType);
        } catch (Swc4jCoreException e) {
            return failure(e);
        }
        var edits = new SourceEdits(source);
        var imports = new ArrayList<StaticImport>();
        try {
            importEdits(program, edits, true, imports);
        } catch (NewImport e) {
            return Result.failure(e.getMessage(), e.line, e.column);
        }
        var staticImports = new ArrayList<StaticImport>();
        for (var item : ((Swc4jAstModule) program).getBody()) {
            switch (item) {
                case Swc4jAstImportDecl d -> staticImports.add(new StaticImport(d.getSrc().getValue(), attributeType(d.getWith()), false,
                        d.getSrc().getSpan().getLine(), d.getSrc().getSpan().getColumn(), d.getPhase() == Swc4jAstImportPhase.Source));
                case Swc4jAstNamedExport d when d.getSrc().isPresent() -> staticImports.add(staticImport(d.getSrc().get(), d.getWith()));
                case Swc4jAstExportAll d -> staticImports.add(staticImport(d.getSrc(), d.getWith()));
                default -> {
                }
            }
        }
        staticImports.addAll(imports);
        return new Result(edits.isEmpty() ? null : edits.apply(), false, List.copyOf(staticImports), null, 0, 0);
    }

    /** Script code: import(...) calls the global host function (scripts have no import.meta). */
    static Result script(String source) {
        ISwc4jAstProgram<?> program;
        try {
            program = parse(source, Swc4jParseMode.Script, Swc4jMediaType.JavaScript);
        } catch (Swc4jCoreException e) {
            return failure(e);
        }
        var edits = new SourceEdits(source);
        try {
            importEdits(program, edits, false, new ArrayList<>());
            return new Result(edits.isEmpty() ? null : edits.apply(), false, List.of(), null, 0, 0);
        } catch (NewImport e) {
            return Result.failure(e.getMessage(), e.line, e.column);
        }
    }

    /** REPL code, parsed as a module ({@code asModule}) or, for sloppy-mode code, as a script; see {@link ReplTransform}. */
    static Result repl(String source, boolean asModule) {
        ISwc4jAstProgram<?> program;
        try {
            program = parse(source, asModule ? Swc4jParseMode.Module : Swc4jParseMode.Script, Swc4jMediaType.JavaScript);
        } catch (Swc4jCoreException e) {
            return failure(e);
        }
        var edits = new SourceEdits(source);
        try {
            importEdits(program, edits, false, new ArrayList<>());
        } catch (NewImport e) {
            return Result.failure(e.getMessage(), e.line, e.column);
        }
        return ReplTransform.rewrite(program, edits);
    }

    private static ISwc4jAstProgram<?> parse(String source, Swc4jParseMode mode, Swc4jMediaType mediaType) throws Swc4jCoreException {
        var options = new Swc4jParseOptions().setMediaType(mediaType).setParseMode(mode).setCaptureAst(true);
        return SWC.parse(source, options).getProgram();
    }

    /** swc's message is "SyntaxError: text", a code frame, then "at url:line:column". */
    static Result failure(Swc4jCoreException e) {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        var at = ERROR_AT.matcher(message);
        int line = 0;
        int column = 0;
        if (at.find()) {
            line = Integer.parseInt(at.group(1));
            column = Integer.parseInt(at.group(2));
        }
        int end = message.indexOf('\n');
        String first = end < 0 ? message : message.substring(0, end);
        return Result.failure(first.startsWith("SyntaxError: ") ? first.substring(13) : first, line, column);
    }

    /** V8 14.7 accepts {@code new import('x').prop}; the grammar does not. */
    private static final class NewImport extends RuntimeException {
        final int line;
        final int column;

        NewImport(int line, int column) {
            super("Cannot use new with import", null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private static void importEdits(ISwc4jAstProgram<?> program, SourceEdits edits, boolean allowMeta, List<StaticImport> literal) {
        program.visit(new Swc4jAstVisitor() {
            @Override
            public Swc4jAstVisitorResponse visitCallExpr(Swc4jAstCallExpr node) {
                if (node.getCallee() instanceof Swc4jAstImport callee) {
                    int start = edits.start(callee);
                    if (NEW_BEFORE.matcher(edits.source().substring(Math.max(0, start - 16), start)).find()) {
                        throw new NewImport(callee.getSpan().getLine(), callee.getSpan().getColumn());
                    }
                    switch (callee.getPhase()) {
                        case Source -> edits.replacePadded(start, edits.end(callee), IMPORT_SOURCE);
                        case Defer -> edits.replacePadded(start, edits.end(callee), IMPORT_DEFER);
                        default -> edits.replace(start, start + 6, IMPORT_FN);
                    }
                    if (!node.getArgs().isEmpty() && node.getArgs().getFirst().getExpr() instanceof Swc4jAstStr s) {
                        literal.add(new StaticImport(s.getValue(), null, true, s.getSpan().getLine(), s.getSpan().getColumn()));
                    }
                }
                return super.visitCallExpr(node);
            }

            @Override
            public Swc4jAstVisitorResponse visitMetaPropExpr(Swc4jAstMetaPropExpr node) {
                if (allowMeta && node.getKind() == Swc4jAstMetaPropKind.ImportMeta) {
                    edits.replacePadded(edits.start(node), edits.end(node), IMPORT_META);
                }
                return super.visitMetaPropExpr(node);
            }
        });
    }

    private static StaticImport staticImport(Swc4jAstStr src, Optional<Swc4jAstObjectLit> with) {
        return new StaticImport(src.getValue(), attributeType(with), false, src.getSpan().getLine(), src.getSpan().getColumn());
    }

    /** The value of the {@code type} import attribute, or null. */
    static String attributeType(Optional<Swc4jAstObjectLit> with) {
        if (with.isEmpty()) {
            return null;
        }
        for (var prop : with.get().getProps()) {
            if (prop instanceof Swc4jAstKeyValueProp kv && kv.getValue() instanceof Swc4jAstStr value) {
                String key = switch (kv.getKey()) {
                    case Swc4jAstIdentName n -> n.getSym();
                    case Swc4jAstStr s -> s.getValue();
                    default -> null;
                };
                if ("type".equals(key)) {
                    return value.getValue();
                }
            }
        }
        return null;
    }
}
