package dev.tocin.v8.module;

import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstClass;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstFunction;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstGetterProp;
import com.caoccao.javet.swc4j.ast.clazz.Swc4jAstSetterProp;
import com.caoccao.javet.swc4j.ast.enums.Swc4jAstVarDeclKind;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstArrowExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstAwaitExpr;
import com.caoccao.javet.swc4j.ast.expr.Swc4jAstIdent;
import com.caoccao.javet.swc4j.ast.expr.lit.Swc4jAstStr;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstModuleDecl;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstPat;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAstProgram;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDecl;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportDefaultSpecifier;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportNamedSpecifier;
import com.caoccao.javet.swc4j.ast.module.Swc4jAstImportStarAsSpecifier;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstArrayPat;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstAssignPat;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstAssignPatProp;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstBindingIdent;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstKeyValuePatProp;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstObjectPat;
import com.caoccao.javet.swc4j.ast.pat.Swc4jAstRestPat;
import com.caoccao.javet.swc4j.ast.program.Swc4jAstModule;
import com.caoccao.javet.swc4j.ast.program.Swc4jAstScript;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstClassDecl;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstExprStmt;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstFnDecl;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstForOfStmt;
import com.caoccao.javet.swc4j.ast.stmt.Swc4jAstVarDecl;
import com.caoccao.javet.swc4j.ast.visitors.Swc4jAstVisitor;
import com.caoccao.javet.swc4j.ast.visitors.Swc4jAstVisitorResponse;

import java.util.ArrayList;
import java.util.List;


/**
 * The REPL rewrite ({@code executeCode}): imports become bindings from the host's module
 * namespaces, the rest runs as a script whose declarations become globals and whose last
 * expression statement is the result. With top-level await the script is wrapped in an async
 * function that returns that value.
 */
final class ReplTransform {
    private ReplTransform() {
    }

    static JsParser.Result rewrite(ISwc4jAstProgram<?> program, SourceEdits edits) {
        List<? extends ISwc4jAst> body = switch (program) {
            case Swc4jAstModule m -> m.getBody();
            case Swc4jAstScript s -> s.getBody();
            default -> throw new IllegalStateException("unexpected program " + program.getClass().getSimpleName());
        };
        boolean async = hasTopLevelAwait(program);
        var hoisted = new ArrayList<String>();
        var functions = new ArrayList<String>();
        for (ISwc4jAst node : body) {
            switch (node) {
                case Swc4jAstImportDecl d -> {
                    String ns = "$tcNs(" + JsLiteral.string(d.getSrc().getValue())
                            + (JsParser.attributeType(d.getWith()) instanceof String t ? ", " + JsLiteral.string(t) : "") + ")";
                    var parts = new ArrayList<String>();
                    for (var s : d.getSpecifiers()) {
                        switch (s) {
                            case Swc4jAstImportStarAsSpecifier star -> parts.add(star.getLocal().getSym() + " = " + ns);
                            case Swc4jAstImportDefaultSpecifier def -> parts.add(def.getLocal().getSym() + " = " + ns + ".default");
                            case Swc4jAstImportNamedSpecifier named -> parts.add(named.getLocal().getSym() + " = " + ns + "["
                                    + JsLiteral.string(named.getImported().map(ReplTransform::exportName).orElse(named.getLocal().getSym())) + "]");
                            default -> throw new IllegalStateException("unexpected import specifier " + s.getClass().getSimpleName());
                        }
                    }
                    d.getSpecifiers().forEach(s -> hoisted.add(localName(s)));
                    String text = (parts.isEmpty() ? ns : (async ? "" : "var ") + String.join(", ", parts)) + ";";
                    edits.replace(edits.start(d), edits.end(d), text + SourceEdits.lineBreaks(edits.text(d)));
                }
                case ISwc4jAstModuleDecl d -> {
                    return JsParser.Result.failure("export declarations are not allowed in executeCode",
                            d.getSpan().getLine(), d.getSpan().getColumn());
                }
                case Swc4jAstVarDecl v -> {
                    int start = edits.start(v);
                    int kindLength = v.getKind().name().length();
                    if (!async) {
                        if (v.getKind() != Swc4jAstVarDeclKind.Var) {
                            // let/const would fail when the same code runs twice; var persists and can be redeclared.
                            edits.replacePadded(start, start + kindLength, "var");
                        }
                    } else {
                        // `const {a} = o;` -> `(     {a} = o);` assigning the hoisted globals.
                        v.getDecls().forEach(d -> patternNames(d.getName(), hoisted));
                        edits.replacePadded(start, start + kindLength, "(");
                        for (var d : v.getDecls()) {
                            if (d.getInit().isEmpty()) {
                                edits.insert(edits.end(d.getName()), " = undefined");
                            }
                        }
                        edits.insert(edits.end(v.getDecls().getLast()), ")");
                    }
                }
                case Swc4jAstFnDecl f when async -> {
                    functions.add(f.getIdent().getSym());
                    hoisted.add(f.getIdent().getSym());
                }
                case Swc4jAstClassDecl c when async -> {
                    hoisted.add(c.getIdent().getSym());
                    edits.insert(edits.end(c), ";globalThis[" + JsLiteral.string(c.getIdent().getSym()) + "] = " + c.getIdent().getSym() + ";");
                }
                default -> {
                }
            }
        }
        if (async && !body.isEmpty() && body.getLast() instanceof Swc4jAstExprStmt last) {
            edits.insert(edits.start(last.getExpr()), "return (");
            edits.insert(edits.end(last.getExpr()), ")");
        }
        String code = edits.apply();
        if (async) {
            var prefix = new StringBuilder();
            if (!hoisted.isEmpty()) {
                prefix.append("var ").append(String.join(", ", hoisted)).append("; ");
            }
            prefix.append("(async () => { ");
            functions.forEach(f -> prefix.append("globalThis[").append(JsLiteral.string(f)).append("] = ").append(f).append("; "));
            code = prefix + code + "\n})()";
        }
        return new JsParser.Result(code, async, List.of(), null, 0, 0);
    }

    private static String exportName(ISwc4jAst name) {
        return switch (name) {
            case Swc4jAstIdent i -> i.getSym();
            case Swc4jAstStr s -> s.getValue();
            default -> throw new IllegalStateException("unexpected export name " + name.getClass().getSimpleName());
        };
    }

    private static String localName(ISwc4jAst specifier) {
        return switch (specifier) {
            case Swc4jAstImportStarAsSpecifier s -> s.getLocal().getSym();
            case Swc4jAstImportDefaultSpecifier s -> s.getLocal().getSym();
            case Swc4jAstImportNamedSpecifier s -> s.getLocal().getSym();
            default -> throw new IllegalStateException("unexpected import specifier " + specifier.getClass().getSimpleName());
        };
    }

    private static void patternNames(ISwc4jAstPat pattern, List<String> names) {
        switch (pattern) {
            case Swc4jAstBindingIdent b -> names.add(b.getId().getSym());
            case Swc4jAstObjectPat o -> o.getProps().forEach(p -> {
                switch (p) {
                    case Swc4jAstKeyValuePatProp kv -> patternNames(kv.getValue(), names);
                    case Swc4jAstAssignPatProp a -> names.add(a.getKey().getId().getSym());
                    case Swc4jAstRestPat r -> patternNames(r.getArg(), names);
                    default -> throw new IllegalStateException("unexpected pattern " + p.getClass().getSimpleName());
                }
            });
            case Swc4jAstArrayPat a -> a.getElems().forEach(e -> e.ifPresent(p -> patternNames(p, names)));
            case Swc4jAstRestPat r -> patternNames(r.getArg(), names);
            case Swc4jAstAssignPat a -> patternNames(a.getLeft(), names);
            default -> throw new IllegalStateException("unexpected pattern " + pattern.getClass().getSimpleName());
        }
    }

    /** An await (or for await) outside every function and class body. */
    private static boolean hasTopLevelAwait(ISwc4jAstProgram<?> program) {
        boolean[] found = {false};
        program.visit(new Swc4jAstVisitor() {
            // OkAndBreak: this node's children are not visited.
            @Override
            public Swc4jAstVisitorResponse visitFunction(Swc4jAstFunction node) {
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitArrowExpr(Swc4jAstArrowExpr node) {
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitClass(Swc4jAstClass node) {
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitGetterProp(Swc4jAstGetterProp node) {
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitSetterProp(Swc4jAstSetterProp node) {
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitAwaitExpr(Swc4jAstAwaitExpr node) {
                found[0] = true;
                return Swc4jAstVisitorResponse.OkAndBreak;
            }

            @Override
            public Swc4jAstVisitorResponse visitForOfStmt(Swc4jAstForOfStmt node) {
                if (node.isAwait()) {
                    found[0] = true;
                }
                return super.visitForOfStmt(node);
            }
        });
        return found[0];
    }
}
