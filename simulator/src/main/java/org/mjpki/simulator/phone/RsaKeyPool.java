package org.mjpki.simulator.phone;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * RSA-2048 key pairs made ahead of time, for simulated secure elements in throughput benchmarks: on a real SE a
 * key takes 3-4 s of the SE's own time (seed 004), on jcardsim it takes the server's CPU, so without a pool a
 * benchmark would measure jcardsim's key generation rather than the back end. Each pair is handed out once.
 * Only in the simulator's memory; size 0 (the default) makes none and the SE generates every key itself.
 */
public final class RsaKeyPool {

    /** The parts a Java Card RSA CRT key is set from, big-endian and unsigned. */
    public record RsaCrtKey(byte[] modulus, byte[] exponent, byte[] p, byte[] q, byte[] dp, byte[] dq, byte[] qInverse) {
        /** Never the key's parts. */
        @Override
        public String toString() {
            return "RsaCrtKey[2048 bits]";
        }
    }

    private final BlockingQueue<RsaCrtKey> keys;
    private final CountDownLatch filled = new CountDownLatch(1);
    private final int size;

    /** Starts making {@code size} key pairs on {@code threads} background threads. */
    public RsaKeyPool(int size, int threads) {
        if (size < 0 || threads < 1) {
            throw new IllegalArgumentException("a key pool needs a size of 0 or more and at least one thread");
        }
        this.size = size;
        this.keys = new LinkedBlockingQueue<>();
        if (size == 0) {
            filled.countDown();
            return;
        }
        java.util.concurrent.atomic.AtomicInteger toMake = new java.util.concurrent.atomic.AtomicInteger(size);
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < threads; i++) {
            Thread maker = new Thread(() -> make(toMake, made), "simulator-rsa-key-pool-" + i);
            maker.setDaemon(true);
            maker.setPriority(Thread.MIN_PRIORITY);
            maker.start();
        }
    }

    private void make(java.util.concurrent.atomic.AtomicInteger toMake, java.util.concurrent.atomic.AtomicInteger made) {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new java.security.spec.RSAKeyGenParameterSpec(2048, java.security.spec.RSAKeyGenParameterSpec.F4),
                    new SecureRandom());
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("RSA-2048 key generation is not available", e);
        }
        while (toMake.getAndDecrement() > 0) {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            keys.add(of(key));
            if (made.incrementAndGet() == size) {
                filled.countDown();
            }
        }
    }

    /** A pool of the given key pairs, already made (tests). */
    RsaKeyPool(java.util.List<RsaCrtKey> made) {
        this.size = made.size();
        this.keys = new LinkedBlockingQueue<>(made);
        filled.countDown();
    }

    /** The parts of a key pair made elsewhere (tests). */
    static RsaCrtKey of(RSAPrivateCrtKey key) {
        return new RsaCrtKey(unsigned(key.getModulus(), 256), unsigned(key.getPublicExponent(), 3),
                unsigned(key.getPrimeP(), 128), unsigned(key.getPrimeQ(), 128), unsigned(key.getPrimeExponentP(), 128),
                unsigned(key.getPrimeExponentQ(), 128), unsigned(key.getCrtCoefficient(), 128));
    }

    /** A key pair not handed out before, or null when the pool has none (the SE then generates one). */
    public RsaCrtKey take() {
        return keys.poll();
    }

    /** Waits until every key pair of the pool is made (a benchmark starts its clock after this). */
    public boolean awaitFilled(long timeout, TimeUnit unit) throws InterruptedException {
        return filled.await(timeout, unit);
    }

    public int available() {
        return keys.size();
    }

    public int size() {
        return size;
    }

    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        byte[] fixed = new byte[length];
        if (bytes.length > length) { // a sign byte in front
            System.arraycopy(bytes, bytes.length - length, fixed, 0, length);
        } else {
            System.arraycopy(bytes, 0, fixed, length - bytes.length, bytes.length);
        }
        return fixed;
    }
}
