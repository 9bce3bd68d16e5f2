package dev.tocin.v8.web;

import dev.tocin.ffi.BinaryKind;
import dev.tocin.ffi.FFIValue;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK side of {@code crypto}: random bytes, digests, HMAC and AES-GCM (checked in crypto.js). */
final class WebCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebCrypto() {
    }

    static void register(WebPlatform p) {
        p.host("randomBytes", args -> {
            var bytes = new byte[Math.toIntExact(args[0].asLong())];
            RANDOM.nextBytes(bytes);
            return bytes(bytes);
        });
        p.host("digest", args -> bytes(digest(args[0].asString()).digest(binary(args[1]))));
        p.host("hmac", args -> {
            try {
                var mac = Mac.getInstance("Hmac" + args[0].asString().replace("-", ""));
                mac.init(new SecretKeySpec(binary(args[1]), mac.getAlgorithm()));
                return bytes(mac.doFinal(binary(args[2])));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
        p.host("aesGcm", args -> {
            // (encrypt, key, iv, data, additionalData, tagLength in bits)
            try {
                var cipher = Cipher.getInstance("AES/GCM/NoPadding");
                int mode = args[0].asBoolean() ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
                cipher.init(mode, new SecretKeySpec(binary(args[1]), "AES"),
                        new GCMParameterSpec(Math.toIntExact(args[5].asLong()), binary(args[2])));
                byte[] aad = binary(args[4]);
                if (aad.length > 0) {
                    cipher.updateAAD(aad);
                }
                return bytes(cipher.doFinal(binary(args[3])));
            } catch (javax.crypto.AEADBadTagException e) {
                throw new OperationError("The operation failed for an operation-specific reason");
            } catch (GeneralSecurityException e) {
                throw new OperationError(e.getMessage());
            }
        });
    }

    /** Becomes a JS Error named {@code OperationError}, which crypto.js turns into a DOMException. */
    static final class OperationError extends RuntimeException {
        OperationError(String message) {
            super(message);
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported digest algorithm: " + name, e);
        }
    }

    private static byte[] binary(FFIValue v) {
        return switch (v) {
            case FFIValue.BinaryDataValue b -> b.bytes();
            case FFIValue.Undefined u -> new byte[0];
            default -> throw new IllegalArgumentException("expected bytes, got " + v.type());
        };
    }

    private static FFIValue bytes(byte[] b) {
        return FFIValue.of(b, BinaryKind.ARRAY_BUFFER);
    }
}
