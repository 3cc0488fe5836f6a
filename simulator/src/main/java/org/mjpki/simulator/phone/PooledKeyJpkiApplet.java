package org.mjpki.simulator.phone;

import javacard.security.KeyPair;
import javacard.security.RSAPrivateCrtKey;
import javacard.security.RSAPublicKey;
import org.mjpki.applet.card.JpkiApplet;

/**
 * The JPKI applet as a simulated SE runs it in a throughput benchmark: each key pair comes from a {@link RsaKeyPool}
 * made ahead of time instead of jcardsim generating it on the server's CPU; everything else is the applet itself.
 * When the pool is empty the applet generates the key as always.
 */
public final class PooledKeyJpkiApplet extends JpkiApplet {

    /** jcardsim installs an applet through its static {@code install}: the phone names the pool around that call. */
    private static final ThreadLocal<RsaKeyPool> INSTALLING_WITH = new ThreadLocal<>();
    private final RsaKeyPool pool;

    private PooledKeyJpkiApplet(byte[] params, short off, RsaKeyPool pool) {
        super(params, off);
        this.pool = pool;
    }

    public static void install(byte[] bArray, short bOffset, byte bLength) {
        RsaKeyPool pool = INSTALLING_WITH.get();
        if (pool == null) {
            throw new IllegalStateException("install the pooled-key applet through SimulatedPhone, which names its pool");
        }
        new PooledKeyJpkiApplet(bArray, parameters(bArray, bOffset, bLength), pool).registerAs(bArray, bOffset);
    }

    /** Runs {@code install} (jcardsim's install call) with {@code pool} for the applet it creates. */
    static void installingWith(RsaKeyPool pool, Runnable install) {
        INSTALLING_WITH.set(pool);
        try {
            install.run();
        } finally {
            INSTALLING_WITH.remove();
        }
    }

    @Override
    protected void makeKeyPair(KeyPair keys) {
        RsaKeyPool.RsaCrtKey key = pool.take();
        if (key == null) {
            super.makeKeyPair(keys);
            return;
        }
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        publicKey.setModulus(key.modulus(), (short) 0, (short) key.modulus().length);
        publicKey.setExponent(key.exponent(), (short) 0, (short) key.exponent().length);
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) keys.getPrivate();
        privateKey.setP(key.p(), (short) 0, (short) key.p().length);
        privateKey.setQ(key.q(), (short) 0, (short) key.q().length);
        privateKey.setDP1(key.dp(), (short) 0, (short) key.dp().length);
        privateKey.setDQ1(key.dq(), (short) 0, (short) key.dq().length);
        privateKey.setPQ(key.qInverse(), (short) 0, (short) key.qInverse().length);
    }
}
