package dev.tocin.v8.web;

import dev.tocin.v8.V8Options;
import dev.tocin.v8.V8Runtime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Lazy installation of the web globals and behaviour the API checks do not cover. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebGlobalsTest {
    private static final List<RuntimeException> UNCAUGHT = new CopyOnWriteArrayList<>();
    private static V8Runtime rt;

    @BeforeAll
    static void start() {
        rt = new V8Runtime(V8Options.builder().onUncaughtError(UNCAUGHT::add).build());
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    private static String run(String code) {
        return rt.executeCode(code).asString();
    }

    @Test
    void globalsAreLoadedGroupByGroupOnFirstUse() {
        try (var fresh = new V8Runtime()) {
            String kinds = "['TextEncoder', 'TextDecoder', 'URL', 'fetch', 'crypto'].map((n) => {"
                    + " const d = Object.getOwnPropertyDescriptor(globalThis, n);"
                    + " return n + '=' + (d.get ? 'lazy' : typeof d.value) + (d.enumerable ? '+enum' : ''); }).join(' ')";
            assertThat(fresh.executeCode(kinds).asString())
                    .isEqualTo("TextEncoder=lazy TextDecoder=lazy URL=lazy fetch=lazy crypto=lazy");
            fresh.executeCode("new TextEncoder()");
            assertThat(fresh.executeCode(kinds).asString())
                    .isEqualTo("TextEncoder=function TextDecoder=function URL=lazy fetch=lazy crypto=lazy");
        }
    }

    @Test
    void assigningAGlobalReplacesItWithoutLoadingIt() {
        try (var fresh = new V8Runtime()) {
            assertThat(fresh.executeCode("globalThis.fetch = 'mine'; globalThis.URL = 1;"
                    + " [fetch, URL, typeof Headers, Object.keys(globalThis).includes('fetch')].join()").asString())
                    .isEqualTo("mine,1,function,false");
            // Loading the fetch group for Headers left the user's fetch alone.
            assertThat(fresh.executeCode("fetch").asString()).isEqualTo("mine");
        }
    }

    @Test
    void aThrowingListenerIsReportedAndTheOthersRun() {
        UNCAUGHT.clear();
        assertThat(run("const t = new EventTarget(); const log = [];"
                + " t.addEventListener('e', () => { throw new Error('listener failed'); });"
                + " t.addEventListener('e', () => log.push('second ran'));"
                + " t.dispatchEvent(new Event('e')); log.join()"))
                .isEqualTo("second ran");
        assertThat(rt.runUntilIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(UNCAUGHT).hasSize(1);
        assertThat(UNCAUGHT.getFirst().getMessage()).contains("listener failed");
    }

    @Test
    void timeoutSignalAbortsWithTimeoutError() {
        assertThat(run("const s = AbortSignal.timeout(5);"
                + " await new Promise((resolve) => s.addEventListener('abort', resolve));"
                + " [s.aborted, s.reason.name, s.reason.code].join()"))
                .isEqualTo("true,TimeoutError,23");
    }

    @Test
    void aFailedCloneLeavesTransferredBuffersAttached() {
        assertThat(run("const buf = new ArrayBuffer(8); let name;"
                + " try { structuredClone({ buf, f: () => 1 }, { transfer: [buf] }); } catch (e) { name = e.name; }"
                + " name + ',' + buf.byteLength"))
                .isEqualTo("DataCloneError,8");
        assertThat(run("const b = new ArrayBuffer(4); const v = new Uint8Array(b);"
                + " const c = structuredClone({ b, v }, { transfer: [b] });"
                + " [b.byteLength, c.v.buffer === c.b, c.b.byteLength].join()"))
                .isEqualTo("0,true,4");
    }

    @Test
    void aesGcmRoundTripAndTamperDetection() {
        assertThat(run("const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);"
                + " const iv = crypto.getRandomValues(new Uint8Array(12));"
                + " const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('secret')));"
                + " const opened = new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed));"
                + " sealed[0] ^= 1;"
                + " const tampered = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, sealed).catch((e) => e.name);"
                + " [sealed.length, opened, tampered, (await crypto.subtle.exportKey('raw', key)).byteLength].join()"))
                .isEqualTo("22,secret,OperationError,32");
    }

    @Test
    void megabyteRoundTripsThroughTheEncoder() {
        assertThat(run("let s = ''; for (let i = 0; i < 1 << 16; i++) s += String.fromCodePoint(i % 0xD000, 0x1F600 + (i % 64));"
                + " const bytes = new TextEncoder().encode(s);"
                + " (new TextDecoder().decode(bytes) === s) + ',' + (bytes.length > 400000)"))
                .isEqualTo("true,true");
    }

    @Test
    void fatalUtf16RejectsALoneSurrogate() {
        assertThat(run("let r; try { new TextDecoder('utf-16le', { fatal: true }).decode(new Uint8Array([0x00, 0xD8])); r = 'decoded'; }"
                + " catch (e) { r = e.name; } r"))
                .isEqualTo("TypeError");
    }

    @Test
    void performanceNowIsMonotonic() {
        assertThat(run("let last = performance.now(), ok = true;"
                + " for (let i = 0; i < 1000; i++) { const n = performance.now(); ok = ok && n >= last; last = n; } String(ok)"))
                .isEqualTo("true");
    }

    @Test
    void randomUuidsAreDistinctVersion4AcrossPoolRefills() {
        assertThat(run("const seen = new Set(); let valid = true;"
                + " for (let i = 0; i < 1000; i++) { const u = crypto.randomUUID(); seen.add(u);"
                + " valid = valid && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u); }"
                + " seen.size + ',' + valid"))
                .isEqualTo("1000,true");
    }
}
