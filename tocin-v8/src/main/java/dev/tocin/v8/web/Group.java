package dev.tocin.v8.web;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.tocin.ffi.FFIValue;

/** A module of web globals, loaded together on the first read of any of them (see bootstrap.js). */
enum Group {
    ENCODING, BASE64, DOMEXCEPTION, EVENTS, CLONE,
    PERFORMANCE {
        @Override
        void hostFunctions(WebPlatform p) {
            p.host("timeOrigin", args -> FFIValue.of(p.timeOriginMillis()));
            p.host("now", args -> FFIValue.of(p.millisSinceOrigin()));
        }
    },
    URL {
        @Override
        void hostFunctions(WebPlatform p) {
            p.host("source", args -> FFIValue.of(Sources.webjar(args[0].asString())));
        }
    },
    CRYPTO {
        @Override
        void hostFunctions(WebPlatform p) {
            WebCrypto.register(p);
        }
    },
    FETCH {
        @Override
        void hostFunctions(WebPlatform p) {
            HttpFetch.register(p);
        }
    };

    static Group of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Registers this group's host functions with {@link WebPlatform#host}. */
    void hostFunctions(WebPlatform p) {
    }

    /** The object of host functions handed to the module; the caller closes it. */
    final V8ValueObject register(WebPlatform p) throws JavetException {
        hostFunctions(p);
        return p.takeHost();
    }
}
