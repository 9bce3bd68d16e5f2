package dev.tocin.v8.module;

import dev.tocin.v8.JsException;
import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TypeScript modules run unmodified (transpiled by swc, no type checking), with errors at their own lines. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TypeScriptTest {
    @TempDir
    Path dir;
    private V8Runtime rt;

    @BeforeEach
    void start() {
        rt = new V8Runtime();
        rt.initialize();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    @Test
    void enumsNamespacesParameterPropertiesDecoratorsAndTypeOnlyImportsRunAsTscEmitsThem() throws Exception {
        Files.writeString(dir.resolve("types.ts"), """
                export interface Shape { area(): number }
                export type Id = string;
                throw new Error('a type-only import must not load this module');
                """);
        Files.writeString(dir.resolve("geometry.ts"), """
                export enum Color { Red, Green = 5, Blue }
                export const enum Flag { On = 'on' }
                export namespace Units {
                  export const scale: number = 10;
                  export function px(n: number): string { return n * scale + 'px'; }
                }
                """);
        Files.writeString(dir.resolve("app.ts"), """
                import type { Shape, Id } from './types.ts';
                import { Color, Flag, Units } from './geometry';
                function logged<T extends new (...a: any[]) => object>(value: T, context: ClassDecoratorContext) {
                  (globalThis as any).decorated = String(context.name);
                  return value;
                }
                @logged
                class Square implements Shape {
                  constructor(private readonly side: number, public id: Id = 'sq') {}
                  area(): number { return this.side ** 2; }
                }
                const config = { mode: 'fast', retries: 3 } as const satisfies Record<string, string | number>;
                const s = new Square(4);
                export const out: string = [Color.Red, Color.Green, Color.Blue, Color[6], Flag.On, Units.px(2),
                  s.area(), s.id, (globalThis as any).decorated, config.mode, <number>config.retries].join(' ');
                """);
        rt.loadModule(dir.resolve("app.ts").toString(), "app");
        assertThat(rt.executeCode("import { out } from 'app'; out").toJava()).isEqualTo("0 5 6 Blue on 20px 16 sq Square fast 3");
    }

    @Test
    void aThrowInATypeScriptFileIsReportedAtItsOwnLine() throws Exception {
        Files.writeString(dir.resolve("fails.ts"), """
                interface Options {
                  name: string;
                  retries: number;
                }

                export function check(options: Options): void {
                  if (options.retries > 2) {
                    throw new RangeError(`too many retries for ${options.name}`);
                  }
                }
                check({ name: 'x', retries: 5 } satisfies Options);
                """);
        assertThatThrownBy(() -> rt.loadModule(dir.resolve("fails.ts").toString(), "fails"))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("RangeError");
                    assertThat(e.file()).endsWith("fails.ts");
                    assertThat(e.line()).isEqualTo(8);
                    assertThat(e.column()).isEqualTo(11);
                });
        Files.writeString(dir.resolve("lib.ts"), """
                type Input = { n: number };

                export function boom(input: Input): number {
                  throw new TypeError('bad ' + input.n);
                }
                """);
        rt.loadModule(dir.resolve("lib.ts").toString(), "lib");
        assertThatThrownBy(() -> rt.callFunction("lib", "boom", dev.tocin.ffi.FFIValue.fromJava(java.util.Map.of("n", 1))))
                .isInstanceOfSatisfying(JsException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.jsStack()).contains("lib.ts:4:9");
                });
    }

    @Test
    void relativeImportsResolveByTsExtensionWithoutOneAndByTheJsTwinAsInDeno() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/index.ts"), "export const fromIndex: number = 1;");
        Files.writeString(dir.resolve("a.ts"), "export const a: number = 10;");
        Files.writeString(dir.resolve("b.mts"), "export const b: number = 100;");
        Files.writeString(dir.resolve("c.tsx"), "export const c = (<T,>(x: T) => x)(1000);");
        Files.writeString(dir.resolve("main.ts"), """
                import { a } from './a';
                import { a as a2 } from './a.js';
                import { b } from './b.mjs';
                import { c } from './c';
                import { fromIndex } from './lib';
                const dynamic = await import('./a.ts');
                export const sum: number = a + a2 + b + c + fromIndex + dynamic.a;
                """);
        assertThat(rt.loadESModule(dir.resolve("main.ts").toString(), "main")).as(String.valueOf(rt.getLastError())).isTrue();
        assertThat(rt.executeCode("import { sum } from 'main'; sum").toJava()).isEqualTo(1131L);
    }

    @Test
    void aTypeScriptSyntaxErrorNamesTheFileLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("bad.ts"), "const ok: number = 1;\nconst bad: = 2;\n");
        assertThatThrownBy(() -> rt.loadModule(dir.resolve("bad.ts").toString(), "bad"))
                .isInstanceOfSatisfying(ModuleException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("SyntaxError");
                    assertThat(e.file()).endsWith("bad.ts");
                    assertThat(e.line()).isEqualTo(2);
                });
    }
}
