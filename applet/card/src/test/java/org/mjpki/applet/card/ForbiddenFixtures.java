package org.mjpki.applet.card;

import javacard.framework.APDU;
import javacard.framework.Util;

/**
 * Deliberately wrong "on-card" code, compiled with the tests only: {@link OnCardApiTest} runs its
 * bytecode checks on these classes to show that each check finds what it is meant to find.
 */
final class ForbiddenFixtures {

    private ForbiddenFixtures() {
    }

    static final class WideArithmetic {
        short mix(short a) {
            long wide = a;
            wide += 3;
            float f = a;
            double d = f * 2.0;
            char c = (char) a;
            int i = a * 2;
            return (short) (wide + i + c + (short) d);
        }
    }

    static final class NotClassic {
        private final Object lock = new Object();

        short locked(short a) {
            synchronized (lock) {
                return a;
            }
        }

        Runnable lambda() {
            return () -> { };
        }

        byte[][] twoDimensions() {
            return new byte[2][3];
        }
    }

    static final class StoresApduBuffer {
        private static byte[] installArray;
        private final Object[] slots = new Object[1];
        private byte[] kept;

        public static void install(byte[] bArray, short bOffset, byte bLength) {
            installArray = bArray;
        }

        void throughAHelper(APDU apdu) {
            byte[] buf = apdu.getBuffer();
            keep(buf);
        }

        private void keep(byte[] source) {
            slots[0] = source;
        }

        void directly(APDU apdu) {
            kept = apdu.getBuffer();
        }

        void throughAReturn(APDU apdu) {
            kept = same(apdu.getBuffer());
        }

        private static byte[] same(byte[] b) {
            return b;
        }
    }

    static final class CopiesApduBuffer {
        private final byte[] copy = new byte[16];

        void process(APDU apdu) {
            byte[] buf = apdu.getBuffer();
            Util.arrayCopyNonAtomic(buf, (short) 0, copy, (short) 0, (short) 16);
        }
    }
}
