package org.mjpki.serviceprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mjpki.serviceprovider.ReturnUrl.Problem;

/** R17: what the whitelist accepts as a return URL, and every hostile shape refused with its reason. */
class ReturnUrlTest {

    private static final String GOOD = "https://good.example/cb";

    /** Hostile or non-canonical texts, each with the one problem it must be refused for. */
    static Stream<Arguments> hostile() {
        return Stream.of(
                // user info: the host a reader sees is not the host a parser connects to
                refused("https://good.example@evil.example/cb", Problem.USERINFO),
                refused("https://good.example:pw@evil", Problem.USERINFO),
                refused("https://good.example:443@evil.example/cb", Problem.USERINFO),
                refused("https://@good.example/cb", Problem.USERINFO),
                refused("https://good.example/cb@evil.example", Problem.AT_SIGN),
                refused("https://good.example/cb?next=@evil.example", Problem.AT_SIGN),
                // ports: only digits as written, 1 to 65535, no leading zero
                refused("https://good.example:0443/cb", Problem.PORT_INVALID),
                refused("https://good.example:/cb", Problem.PORT_INVALID),
                refused("https://good.example:0/cb", Problem.PORT_INVALID),
                refused("https://good.example:65536/cb", Problem.PORT_INVALID),
                refused("https://good.example:443abc/cb", Problem.PORT_INVALID),
                refused("https://good.example:+443/cb", Problem.PORT_INVALID),
                refused("https://good.example:443:8443/cb", Problem.PORT_INVALID),
                // trailing dots and other malformed names
                refused("https://good.example./cb", Problem.TRAILING_DOT),
                refused("https://good.example../cb", Problem.TRAILING_DOT),
                refused("https://good..example/cb", Problem.HOST_INVALID),
                refused("https://.good.example/cb", Problem.HOST_INVALID),
                refused("https://-good.example/cb", Problem.HOST_INVALID),
                refused("https://good-.example/cb", Problem.HOST_INVALID),
                refused("https://good_example.example/cb", Problem.HOST_INVALID),
                refused("https://good.example%2Eevil.example/cb", Problem.HOST_INVALID),
                refused("https://" + "a".repeat(64) + ".example/cb", Problem.HOST_INVALID),
                refused("https://" + ("a".repeat(60) + ".").repeat(5) + "example/cb", Problem.HOST_INVALID),
                refused("https://localhost/cb", Problem.HOST_NOT_QUALIFIED),
                refused("https:///cb", Problem.HOST_MISSING),
                refused("https://", Problem.HOST_MISSING),
                // IP addresses, in every spelling a WHATWG parser reads as one
                refused("https://127.0.0.1/cb", Problem.IP_ADDRESS_HOST),
                refused("https://2130706433/cb", Problem.IP_ADDRESS_HOST),
                refused("https://0x7f.1/cb", Problem.IP_ADDRESS_HOST),
                refused("https://good.example.0x7f/cb", Problem.IP_ADDRESS_HOST),
                refused("https://[::1]/cb", Problem.IP_ADDRESS_HOST),
                // upper case
                refused("https://Good.example/cb", Problem.HOST_NOT_LOWERCASE),
                refused("https://GOOD.EXAMPLE/cb", Problem.HOST_NOT_LOWERCASE),
                refused("HTTPS://good.example/cb", Problem.NOT_HTTPS),
                refused("Https://good.example/cb", Problem.NOT_HTTPS),
                // Unicode look-alikes: Cyrillic о (U+043E) and е (U+0435), full-width letters, dots and slashes
                refused("https://g\u043e\u043ed.example/cb", Problem.NON_ASCII),
                refused("https://good.exampl\u0435/cb", Problem.NON_ASCII),
                refused("https://\uff47ood.example/cb", Problem.NON_ASCII),
                refused("https://\uff47\uff4f\uff4f\uff44.example/cb", Problem.NON_ASCII),
                refused("https://good\uff0eexample/cb", Problem.NON_ASCII),
                refused("https://good.example\uff0fcb", Problem.NON_ASCII),
                refused("https://good.example/cb\u2024", Problem.NON_ASCII),
                refused("https://good.example/\u8fd4\u5374", Problem.NON_ASCII),
                refused("https://good.example/cb\u00a0", Problem.NON_ASCII),
                refused("https://good.example/cb\u200b", Problem.NON_ASCII),
                // punycode: refused unless an operator registers the exact URL and confirms it
                refused("https://xn--gd-9kca.example/cb", Problem.PUNYCODE_HOST),
                refused("https://good.xn--e1afmkfd/cb", Problem.PUNYCODE_HOST),
                // path traversal and encoded separators
                refused("https://good.example/cb/../admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/./admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/..", Problem.DOT_SEGMENT),
                refused("https://good.example/..", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/%2e%2e/admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/%2E%2E/admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/.%2e/admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb/%2e/admin", Problem.DOT_SEGMENT),
                refused("https://good.example/cb%2f..%2fadmin", Problem.ENCODED_SEPARATOR),
                refused("https://good.example/cb%2F..%2Fadmin", Problem.ENCODED_SEPARATOR),
                refused("https://good.example/cb%5C..%5Cadmin", Problem.ENCODED_SEPARATOR),
                refused("https://good.example/cb%2Eadmin", Problem.NOT_CANONICAL_ENCODING),
                refused("https://good.example/%63b", Problem.NOT_CANONICAL_ENCODING),
                refused("https://good.example/cb%7E", Problem.NOT_CANONICAL_ENCODING),
                refused("https://good.example/%e8%bf%94", Problem.NOT_CANONICAL_ENCODING),
                refused("https://good.example/cb%", Problem.MALFORMED_PERCENT_ENCODING),
                refused("https://good.example/cb%4", Problem.MALFORMED_PERCENT_ENCODING),
                refused("https://good.example/cb%zz", Problem.MALFORMED_PERCENT_ENCODING),
                refused("https://good.example/cb%00", Problem.ENCODED_CONTROL),
                refused("https://good.example/cb%0D%0ALocation:%20https:%2F%2Fevil.example", Problem.ENCODED_CONTROL),
                refused("https://good.example/cb?x=%0A", Problem.ENCODED_CONTROL),
                // other schemes, and none
                refused("javascript:alert(1)", Problem.NOT_HTTPS),
                refused("JavaScript:alert(document.domain)//https://good.example/cb", Problem.NOT_HTTPS),
                refused("data:text/html,<script>alert(1)</script>", Problem.NOT_HTTPS),
                refused("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", Problem.NOT_HTTPS),
                refused("http://good.example/cb", Problem.NOT_HTTPS),
                refused("ftp://good.example/cb", Problem.NOT_HTTPS),
                refused("intent://good.example/cb#Intent;scheme=https;end", Problem.NOT_HTTPS),
                refused("//evil.example", Problem.SCHEME_RELATIVE),
                refused("//good.example/cb", Problem.SCHEME_RELATIVE),
                refused("/cb", Problem.NOT_ABSOLUTE),
                refused("good.example/cb", Problem.NOT_ABSOLUTE),
                refused("https:/evil.example", Problem.NO_AUTHORITY),
                refused("https:evil.example/cb", Problem.NO_AUTHORITY),
                refused("https:", Problem.NO_AUTHORITY),
                // backslashes: WHATWG parsers read them as slashes
                refused("https:\\\\evil.example", Problem.BACKSLASH),
                refused("https:/\\evil.example/cb", Problem.BACKSLASH),
                refused("https://good.example\\@evil.example/cb", Problem.BACKSLASH),
                refused("https://good.example/cb\\..\\admin", Problem.BACKSLASH),
                // whitespace and control characters
                refused("https://good.example/c b", Problem.WHITESPACE_OR_CONTROL),
                refused(" https://good.example/cb", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.example/cb ", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.example/cb\r\nLocation: https://evil.example", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.example/cb\n", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.\texample/cb", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.example/cb\u0000", Problem.WHITESPACE_OR_CONTROL),
                refused("https://good.example/cb\u007f", Problem.WHITESPACE_OR_CONTROL),
                // open-redirect shapes
                refused("https://evil.example/https://good.example/cb", Problem.DOUBLE_SLASH),
                refused("https://good.example//evil.example/cb", Problem.DOUBLE_SLASH),
                refused("https://good.example/cb//", Problem.DOUBLE_SLASH),
                // fragments, empty paths and queries, characters a URL does not allow
                refused("https://good.example/cb#", Problem.FRAGMENT),
                refused("https://good.example/cb#@evil.example", Problem.FRAGMENT),
                refused("https://good.example#/cb", Problem.FRAGMENT),
                refused("https://good.example", Problem.PATH_MISSING),
                refused("https://good.example:443", Problem.PATH_MISSING),
                refused("https://good.example?cb", Problem.PATH_MISSING),
                refused("https://good.example/cb?", Problem.EMPTY_QUERY),
                refused("https://good.example/cb<script>", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb\"", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb[0]", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb?a={b}", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb|x", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb^", Problem.ILLEGAL_CHARACTER),
                refused("https://good.example/cb`", Problem.ILLEGAL_CHARACTER),
                // nothing, and too much
                refused(null, Problem.MISSING),
                refused("", Problem.MISSING),
                refused("https://good.example/" + "a".repeat(ReturnUrl.MAX_LENGTH), Problem.TOO_LONG),
                refused("https://good.example/" + "a".repeat(ReturnUrl.MAX_LENGTH - "https://good.example/".length() + 1),
                        Problem.TOO_LONG));
    }

    private static Arguments refused(String text, Problem problem) {
        return Arguments.of(text, problem);
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("hostile")
    void refusesWithItsReason(String text, Problem problem) {
        assertThatThrownBy(() -> ReturnUrl.parse(text))
                .isInstanceOfSatisfying(MalformedReturnUrlException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).isEqualTo(problem.explanation());
                    if (text != null && text.length() > 8) {
                        assertThat(e.getMessage()).as("the message never repeats the URL").doesNotContain(text);
                    }
                });
    }

    /** The table covers every reason there is. */
    @Test
    void theTableExercisesEveryProblem() {
        Set<Problem> covered = EnumSet.noneOf(Problem.class);
        hostile().forEach(arguments -> covered.add((Problem) arguments.get()[1]));
        assertThat(covered).containsExactlyInAnyOrder(Problem.values());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://good.example/cb",
            "https://good.example/",
            "https://good.example/cb/",
            "https://good.example:443/cb",
            "https://good.example:8443/cb",
            "https://good.example:65535/cb",
            "https://api.good.example/v1/jpki/signature-return",
            "https://good.example/cb?session=abc&lang=ja",
            "https://good.example/cb?next=%2Fhome&x=a/b?c",
            "https://good.example/%E8%BF%94%E5%8D%B4",
            "https://good.example/.well-known/jpki",
            "https://good.example/a.b/c..d/...",
            "https://good.example/cb;v=1/x:y/!$&'()*+,=",
            "https://0-9.example/cb",
            "https://good.example.0xbank/cb",
            "https://a.b/c"})
    void acceptsCanonicalUrlsExactlyAsWritten(String text) {
        ReturnUrl url = ReturnUrl.parse(text);
        assertThat(url.value()).isEqualTo(text);
        assertThat(url.toString()).isEqualTo(text);
        assertThat(url).isEqualTo(ReturnUrl.parse(text)).hasSameHashCodeAs(ReturnUrl.parse(text));
        assertThat(url.punycodeHost()).isFalse();
    }

    @Test
    void exposesItsPartsAsWritten() {
        ReturnUrl url = ReturnUrl.parse("https://api.good.example:8443/v1/cb?x=1");
        assertThat(url.host()).isEqualTo("api.good.example");
        assertThat(url.port()).hasValue(8443);
        assertThat(url.path()).isEqualTo("/v1/cb");
        assertThat(url.query()).contains("x=1");
        ReturnUrl plain = ReturnUrl.parse(GOOD);
        assertThat(plain.port()).isEmpty();
        assertThat(plain.query()).isEmpty();
    }

    /** Spellings that many parsers treat as one URL are different URLs here: each must be registered on its own. */
    @Test
    void equivalentSpellingsAreDifferentUrls() {
        assertThat(ReturnUrl.parse("https://good.example:443/cb")).isNotEqualTo(ReturnUrl.parse(GOOD));
        assertThat(ReturnUrl.parse("https://good.example/cb/")).isNotEqualTo(ReturnUrl.parse(GOOD));
        assertThat(ReturnUrl.parse("https://good.example/CB")).isNotEqualTo(ReturnUrl.parse(GOOD));
        assertThat(ReturnUrl.parse("https://good.example/cb?a=1&b=2"))
                .isNotEqualTo(ReturnUrl.parse("https://good.example/cb?b=2&a=1"));
    }

    /**
     * Canonical, so not refused as such, but a different host or path from good.example's: only exact equality with
     * a registered URL lets a signature go (ServiceProvidersTest checks them against the whitelist).
     */
    @Test
    void lookAlikesThatAreWellFormedAreSimplyOtherUrls() {
        ReturnUrl suffixed = ReturnUrl.parse("https://good.example.evil.example/cb");
        assertThat(suffixed.host()).isEqualTo("good.example.evil.example");
        assertThat(suffixed).isNotEqualTo(ReturnUrl.parse(GOOD));
        ReturnUrl pathed = ReturnUrl.parse("https://evil.example/https:/good.example/cb");
        assertThat(pathed.host()).isEqualTo("evil.example");
        assertThat(ReturnUrl.parse("https://good.example:8443/cb")).isNotEqualTo(ReturnUrl.parse(GOOD));
    }

    @Test
    void aPunycodeHostPassesOnlyWhenConfirmed() {
        ReturnUrl idn = ReturnUrl.parse("https://xn--gd-9kca.example/cb", true);
        assertThat(idn.punycodeHost()).isTrue();
        assertThat(idn.value()).isEqualTo("https://xn--gd-9kca.example/cb");
        // confirmation admits the xn-- label only: everything else is as strict
        assertThat(problemOf("https://XN--gd-9kca.example/cb")).isEqualTo(Problem.HOST_NOT_LOWERCASE);
        assertThat(problemOf("https://g\u043e\u043ed.example/cb")).isEqualTo(Problem.NON_ASCII);
        assertThat(problemOf("https://xn--gd-9kca.example/cb#x")).isEqualTo(Problem.FRAGMENT);
    }

    private static Problem problemOf(String text) {
        try {
            ReturnUrl.parse(text, true);
        } catch (MalformedReturnUrlException e) {
            return e.problem();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void theLongestAcceptedUrlIsMaxLength() {
        String prefix = "https://good.example/";
        String longest = prefix + "a".repeat(ReturnUrl.MAX_LENGTH - prefix.length());
        assertThat(ReturnUrl.parse(longest).value()).hasSize(ReturnUrl.MAX_LENGTH);
    }
}
