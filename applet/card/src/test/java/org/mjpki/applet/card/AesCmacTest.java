package org.mjpki.applet.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import javacard.security.AESKey;
import javacard.security.KeyBuilder;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the card's own AES-CMAC and SCP03 KDF (it does not use the card's CMAC
 * algorithm, so it has to be right by itself): RFC 4493 for the MAC, and for the session keys and
 * cryptograms a published SCP03 trace — osmocom pySim, tests/unittests/test_globalplatform.py,
 * SCP03_Test_AES128_03 (keys ENC 00..0F, MAC 10..1F, KVN 30; host challenge 8E1552D0513C60F3, card
 * challenge 30760CD2C47C1DD3, card cryptogram 95065FE5EAD8A9D7, host cryptogram FD4721A14D9B0700).
 */
class AesCmacTest {

    private static final HexFormat HEX = HexFormat.of();

    private static AESKey key(String hex) {
        AESKey k = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_128, false);
        k.setKey(HEX.parseHex(hex), (short) 0);
        return k;
    }

    private static String mac(AesCmac cmac, AESKey k, String msgHex) {
        byte[] msg = HEX.parseHex(msgHex);
        byte[] out = new byte[16];
        cmac.mac(k, msg, (short) 0, (short) msg.length, out, (short) 0);
        return HEX.formatHex(out);
    }

    @Test
    void cmacMatchesRfc4493() {
        AesCmac cmac = new AesCmac();
        AESKey k = key("2b7e151628aed2a6abf7158809cf4f3c");
        assertThat(mac(cmac, k, "")).isEqualTo("bb1d6929e95937287fa37d129b756746");
        assertThat(mac(cmac, k, "6bc1bee22e409f96e93d7e117393172a")).isEqualTo("070a16b46b4d4144f79bdd9dd04a287c");
        assertThat(mac(cmac, k, "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411"))
                .isEqualTo("dfa66747de9ae63030ca32611497c827");
        assertThat(mac(cmac, k, "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")).isEqualTo("51f0bebf7e3b9d92fc49741779363cfe");
    }

    @Test
    void sessionKeysAndCryptogramsMatchAPublishedScp03Trace() {
        AesCmac cmac = new AesCmac();
        byte[] context = HEX.parseHex("8e1552d0513c60f3" + "30760cd2c47c1dd3");
        byte[] work = new byte[64];
        byte[] sMac = new byte[16];
        cmac.kdf(key("101112131415161718191a1b1c1d1e1f"), Constants.DC_S_MAC, (short) 0x0080, context, (short) 0, (short) 16,
                work, (short) 0, sMac, (short) 0);
        byte[] out = new byte[16];
        cmac.kdf(key(HEX.formatHex(sMac)), Constants.DC_CARD_CRYPTOGRAM, (short) 0x0040, context, (short) 0, (short) 16,
                work, (short) 0, out, (short) 0);
        assertThat(HEX.formatHex(Arrays.copyOf(out, 8))).isEqualTo("95065fe5ead8a9d7");
        cmac.kdf(key(HEX.formatHex(sMac)), Constants.DC_HOST_CRYPTOGRAM, (short) 0x0040, context, (short) 0, (short) 16,
                work, (short) 0, out, (short) 0);
        assertThat(HEX.formatHex(Arrays.copyOf(out, 8))).isEqualTo("fd4721a14d9b0700");
    }
}
