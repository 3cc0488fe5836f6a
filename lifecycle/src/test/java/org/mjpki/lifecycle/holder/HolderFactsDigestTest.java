package org.mjpki.lifecycle.holder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HolderFactsDigestTest {

    private static final byte[] KEY = new byte[32];
    static {
        Arrays.fill(KEY, (byte) 7);
    }
    private final HolderFactsDigest digest = new HolderFactsDigest(KEY);
    private static final LocalDate BORN = LocalDate.of(1985, 4, 1);

    @Test
    void whatACallerSpellsOutMatchesWhatTheCardStates() {
        String card = digest.of("山田 太郎", BORN, "1", "東京都千代田区永田町１丁目７－１");
        assertThat(card).hasSize(64).matches("[0-9a-f]{64}");
        // spaces (full-width too), full-width digits and the dashes of an address make no difference
        assertThat(digest.of("山田　太郎", BORN, "M", "東京都千代田区永田町1丁目7-1")).isEqualTo(card);
        assertThat(digest.of("山田太郎", BORN, "男性", " 東京都千代田区 永田町１丁目７ー１ ")).isEqualTo(card);
        assertThat(digest.of("Yamada Taro", BORN, "male", "Tokyo")).isEqualTo(digest.of("YAMADA TARO", BORN, "1", "tokyo"));
    }

    @Test
    void anyOtherFactIsAnotherDigest() {
        String card = digest.of("山田太郎", BORN, "1", "東京都千代田区永田町1-7-1");
        assertThat(digest.of("山田次郎", BORN, "1", "東京都千代田区永田町1-7-1")).isNotEqualTo(card);
        assertThat(digest.of("山田太郎", BORN.plusDays(1), "1", "東京都千代田区永田町1-7-1")).isNotEqualTo(card);
        assertThat(digest.of("山田太郎", BORN, "2", "東京都千代田区永田町1-7-1")).isNotEqualTo(card);
        assertThat(digest.of("山田太郎", BORN, "1", "東京都千代田区永田町1-7-2")).isNotEqualTo(card);
        // the fields cannot run into each other
        assertThat(digest.of("AB", BORN, "1", "C")).isNotEqualTo(digest.of("A", BORN, "1", "BC"));
    }

    @Test
    void theDigestDependsOnTheKey() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThat(new HolderFactsDigest(other).of("山田太郎", BORN, "1", "東京"))
                .isNotEqualTo(digest.of("山田太郎", BORN, "1", "東京"));
    }

    @Test
    void missingFactsAndShortKeysAreRefusedWithoutEchoingTheFacts() {
        assertThatThrownBy(() -> digest.of(" ", BORN, "1", "東京")).hasMessage("the name is required");
        assertThatThrownBy(() -> digest.of("山田太郎", null, "1", "東京")).hasMessage("the date of birth is required");
        assertThatThrownBy(() -> digest.of("山田太郎", BORN, "unknown", "東京"))
                .hasMessage("the sex is not one the card states");
        assertThatThrownBy(() -> digest.of("山田太郎", BORN, "1", null)).hasMessage("the address is required");
        assertThatThrownBy(() -> new HolderFactsDigest(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
