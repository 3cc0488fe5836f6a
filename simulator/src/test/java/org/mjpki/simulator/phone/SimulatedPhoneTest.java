package org.mjpki.simulator.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.applet.client.AppletLifecycle;
import org.mjpki.applet.client.InstallParameters;
import org.mjpki.applet.client.JpkiAppletClient;
import org.mjpki.applet.client.SecureChannelKeys;

/** The simulated phone behaves as a GP-SE behind a flaky relay: install, delete, reinstall, offline. */
class SimulatedPhoneTest {

    private final SimulatedPhone phone = new SimulatedPhone("SE-TEST-1", DeviceFacts.eligibleDefault(), () -> org.mjpki.simulator.timing.PhoneLatency.NONE);
    private final byte[] params = InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], "SE-TEST-1"));

    private AppletLifecycle lifecycle() {
        return phone.withLocalApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            return applet.status().lifecycle();
        });
    }

    @Test
    void installsDeletesAndInstallsAgain() {
        phone.installApplet(params);
        assertThat(lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
        assertThat(phone.deleteApplet()).isTrue();
        assertThat(phone.appletInstalled()).isFalse();
        phone.installApplet(params);
        assertThat(lifecycle()).isEqualTo(AppletLifecycle.INSTALLED);
    }

    @Test
    void anOfflinePhoneKeepsItsAppletUntilItIsBack() {
        phone.installApplet(params);
        phone.setOnline(false);
        assertThat(phone.deleteApplet()).isFalse();
        assertThat(phone.deletePending()).isTrue();
        assertThatThrownBy(() -> phone.withRelayedApplet(t -> t.transmit(new byte[] {0, (byte) 0xA4, 4, 0})))
                .isInstanceOf(ApduTransportException.class);
        phone.setOnline(true);
        assertThat(phone.appletInstalled()).as("R8: deleted when it came back").isFalse();
        assertThat(phone.deletePending()).isFalse();
    }

    @Test
    void aPhoneTakesAsLongAsItsLatencySaysAndTheSwitchAppliesAtOnce() {
        java.util.concurrent.atomic.AtomicReference<org.mjpki.simulator.timing.PhoneLatency> latency =
                new java.util.concurrent.atomic.AtomicReference<>(org.mjpki.simulator.timing.PhoneLatency.NONE);
        SimulatedPhone slow = new SimulatedPhone("SE-TEST-2", DeviceFacts.eligibleDefault(), latency::get);
        slow.installApplet(InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], "SE-TEST-2")));
        java.time.Duration tsm = java.time.Duration.ofMillis(200);
        latency.set(org.mjpki.simulator.timing.PhoneLatency.NONE.withTsmScript(tsm));
        long start = System.nanoTime();
        slow.withRelayedApplet(t -> {
            new JpkiAppletClient(t).select();
            return null;
        });
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("at least the TSM's share of a script")
                .isGreaterThanOrEqualTo(tsm);
    }

    @Test
    void anSeWithAKeyPoolTakesItsKeyPairsFromThePoolThenGeneratesItsOwn() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        java.security.KeyPair made = rsa.generateKeyPair();
        RsaKeyPool pool = new RsaKeyPool(java.util.List.of(RsaKeyPool.of((java.security.interfaces.RSAPrivateCrtKey) made.getPrivate())));
        SecureChannelKeys keys = SecureChannelKeys.diversify(new byte[16], "SE-TEST-3");
        SimulatedPhone pooled = new SimulatedPhone("SE-TEST-3", DeviceFacts.eligibleDefault(),
                () -> org.mjpki.simulator.timing.PhoneLatency.NONE, pool);
        pooled.installApplet(InstallParameters.encode(keys));

        java.util.List<java.security.interfaces.RSAPublicKey> generated = pooled.withRelayedApplet(t -> {
            JpkiAppletClient applet = new JpkiAppletClient(t);
            applet.select();
            var issuer = applet.openIssuerSession(keys);
            return java.util.List.of(issuer.generateKeyPair(org.mjpki.applet.client.AppletKey.SIGNING),
                    issuer.generateKeyPair(org.mjpki.applet.client.AppletKey.USER_AUTH));
        });
        assertThat(generated.get(0).getModulus()).as("the pooled pair")
                .isEqualTo(((java.security.interfaces.RSAPublicKey) made.getPublic()).getModulus());
        assertThat(generated.get(1).getModulus()).as("the pool was empty: the SE generated its own")
                .isNotEqualTo(generated.get(0).getModulus());
        assertThat(generated.get(1).getModulus().bitLength()).isEqualTo(2048);
        assertThat(pool.available()).isZero();
    }

    /** Counts what a listener heard. */
    private static final class Heard implements SimulatedPhone.Listener {
        final java.util.List<org.mjpki.lifecycle.port.HolderNotification> notifications =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger pendingDeletesDone = new java.util.concurrent.atomic.AtomicInteger();
        volatile Boolean appletInstalledWhenTold;

        @Override
        public void notified(SimulatedPhone p, org.mjpki.lifecycle.port.HolderNotification notification) {
            notifications.add(notification);
        }

        @Override
        public void pendingDeleteDone(SimulatedPhone p) {
            appletInstalledWhenTold = p.appletInstalled();
            pendingDeletesDone.incrementAndGet();
        }
    }

    @Test
    void theListenerHearsOnceWhenAPendingDeleteHasRunOnReconnect() {
        Heard heard = new Heard();
        phone.addListener(heard);
        phone.installApplet(params);

        phone.setOnline(false);
        phone.setOnline(true);
        assertThat(heard.pendingDeletesDone).as("back online, nothing was pending").hasValue(0);
        assertThat(phone.deleteApplet()).isTrue();
        assertThat(heard.pendingDeletesDone).as("a delete that did not wait is not a pending one").hasValue(0);

        phone.installApplet(params);
        phone.setOnline(false);
        assertThat(phone.deleteApplet()).isFalse();
        assertThat(heard.pendingDeletesDone).hasValue(0);
        phone.setOnline(true);
        assertThat(heard.pendingDeletesDone).hasValue(1);
        assertThat(heard.appletInstalledWhenTold).as("told after the applet has gone").isFalse();
        phone.setOnline(true);
        phone.setOnline(false);
        phone.setOnline(true);
        assertThat(heard.pendingDeletesDone).as("once").hasValue(1);
    }

    @Test
    void aPendingDeleteRunsOnceWhenThePhoneIsBroughtBackFromTwoThreadsAtOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            Heard heard = new Heard();
            SimulatedPhone p = new SimulatedPhone("SE-TEST-R" + round, DeviceFacts.eligibleDefault(),
                    () -> org.mjpki.simulator.timing.PhoneLatency.NONE);
            p.addListener(heard);
            p.installApplet(InstallParameters.encode(SecureChannelKeys.diversify(new byte[16], "SE-TEST-R" + round)));
            p.setOnline(false);
            p.deleteApplet();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Runnable back = () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.setOnline(true);
            };
            Thread a = new Thread(back);
            Thread b = new Thread(back);
            a.start();
            b.start();
            go.countDown();
            a.join();
            b.join();
            assertThat(heard.pendingDeletesDone).hasValue(1);
            assertThat(p.appletInstalled()).isFalse();
        }
    }

    @Test
    void theListenerHearsEveryPushAndAFailingListenerNeverFailsThePhone() {
        Heard heard = new Heard();
        phone.addListener(new SimulatedPhone.Listener() {
            @Override
            public void notified(SimulatedPhone p, org.mjpki.lifecycle.port.HolderNotification notification) {
                throw new IllegalStateException("the app crashed");
            }

            @Override
            public void pendingDeleteDone(SimulatedPhone p) {
                throw new IllegalStateException("the app crashed");
            }
        });
        phone.addListener(heard);
        phone.installApplet(params);

        phone.deliver(org.mjpki.lifecycle.port.HolderNotification.CREDENTIAL_SET_REVOKED);
        phone.deliver(org.mjpki.lifecycle.port.HolderNotification.DELETE_APPLET);
        phone.setOnline(false);
        phone.deleteApplet();
        phone.setOnline(true);

        assertThat(phone.inbox()).containsExactly(org.mjpki.lifecycle.port.HolderNotification.CREDENTIAL_SET_REVOKED,
                org.mjpki.lifecycle.port.HolderNotification.DELETE_APPLET);
        assertThat(heard.notifications).containsExactlyElementsOf(phone.inbox());
        assertThat(heard.pendingDeletesDone).hasValue(1);
        assertThat(phone.online()).isTrue();
        assertThat(phone.appletInstalled()).isFalse();

        phone.removeListener(heard);
        phone.deliver(org.mjpki.lifecycle.port.HolderNotification.ISSUANCE_COMPLETED);
        assertThat(heard.notifications).hasSize(2);
    }
}
