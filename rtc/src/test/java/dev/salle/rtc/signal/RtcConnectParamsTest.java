package dev.salle.rtc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.signal.RtcQueryException.Reason;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RtcConnectParamsTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String query, Reason reason,
            String parameter) {
        return assertThatThrownBy(() -> RtcConnectParams.parse(query))
                .isInstanceOfSatisfying(RtcQueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.parameter()).isEqualTo(parameter);
                });
    }

    @Test
    void parsesTheQueryTheJsSdkSends() throws Exception {
        RtcConnectParams p = RtcConnectParams.parse("access_token=" + TOKEN
                + "&auto_subscribe=1&sdk=js&version=2.23.0&protocol=17&client_protocol=1"
                + "&os=Linux&browser=Chrome&browser_version=156&adaptive_stream=1");

        assertThat(p).isEqualTo(new RtcConnectParams(TOKEN, true, "js", "2.23.0", 17, OptionalInt.of(1), false,
                Optional.empty(), true));
    }

    @Test
    void takesTheTokenFromABearerHeaderWhenTheQueryHasNone() throws Exception {
        assertThat(RtcConnectParams.parse("protocol=16&sdk=rust", Optional.of(TOKEN)).accessToken()).isEqualTo(TOKEN);
        assertThat(RtcConnectParams.parse("access_token=" + TOKEN + "&protocol=16", Optional.of("other"))
                .accessToken()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> RtcConnectParams.parse("protocol=16", Optional.of("")))
                .isInstanceOf(RtcQueryException.class).hasMessageContaining("Authorization: Bearer");
    }

    @Test
    void parsesAReconnect() throws Exception {
        RtcConnectParams p = RtcConnectParams.parse(
                "access_token=" + TOKEN + "&protocol=17&reconnect=1&sid=PA_abcDEF012345&auto_subscribe=0");

        assertThat(p.reconnect()).isTrue();
        assertThat(p.participantSid()).contains("PA_abcDEF012345");
        assertThat(p.autoSubscribe()).isFalse();
    }

    @Test
    void appliesDefaultsForAbsentOptionalParameters() throws Exception {
        RtcConnectParams p = RtcConnectParams.parse("access_token=" + TOKEN + "&protocol=16");

        assertThat(p.autoSubscribe()).isTrue();
        assertThat(p.adaptiveStream()).isFalse();
        assertThat(p.reconnect()).isFalse();
        assertThat(p.sdk()).isEmpty();
        assertThat(p.sdkVersion()).isEmpty();
        assertThat(p.protocol()).isEqualTo(16);
        assertThat(p.clientProtocol()).isEmpty();
    }

    @Test
    void decodesPercentEscapesAndPlus() throws Exception {
        RtcConnectParams p = RtcConnectParams.parse("access_token=a%2Eb.c&protocol=17&version=1.0%2Bbuild");

        assertThat(p.accessToken()).isEqualTo("a.b.c");
        assertThat(p.sdkVersion()).isEqualTo("1.0+build");
    }

    @Test
    void refusesAMissingOrEmptyToken() {
        assertRefused("protocol=17", Reason.MISSING, "access_token");
        assertRefused("access_token=&protocol=17", Reason.MISSING, "access_token");
        assertRefused("", Reason.MISSING, "access_token");
        assertRefused(null, Reason.MISSING, "access_token");
    }

    @Test
    void refusesAMissingProtocol() {
        assertRefused("access_token=" + TOKEN, Reason.MISSING, "protocol").hasMessageContaining("protocol=17");
    }

    @Test
    void refusesBadNumbersNamingTheValue() {
        assertRefused("access_token=" + TOKEN + "&protocol=seventeen", Reason.BAD_VALUE, "protocol")
                .hasMessageContaining("'seventeen'");
        assertRefused("access_token=" + TOKEN + "&protocol=-1", Reason.BAD_VALUE, "protocol");
        assertRefused("access_token=" + TOKEN + "&protocol=99999999999", Reason.BAD_VALUE, "protocol");
        assertRefused("access_token=" + TOKEN + "&protocol=17&client_protocol=x", Reason.BAD_VALUE, "client_protocol");
    }

    @Test
    void refusesBadBooleans() {
        assertRefused("access_token=" + TOKEN + "&protocol=17&auto_subscribe=yes", Reason.BAD_VALUE, "auto_subscribe")
                .hasMessageContaining("'yes'").hasMessageContaining("1, 0, true or false");
        assertRefused("access_token=" + TOKEN + "&protocol=17&reconnect=", Reason.BAD_VALUE, "reconnect");
        assertRefused("access_token=" + TOKEN + "&protocol=17&adaptive_stream=2", Reason.BAD_VALUE, "adaptive_stream");
    }

    @Test
    void refusesABadSidAndStrangeSdkNames() {
        assertRefused("access_token=" + TOKEN + "&protocol=17&reconnect=1&sid=PA_short", Reason.BAD_VALUE, "sid")
                .hasMessageContaining("'PA_short'");
        assertRefused("access_token=" + TOKEN + "&protocol=17&sdk=%3Cscript%3E", Reason.BAD_VALUE, "sdk");
        assertRefused("access_token=" + TOKEN + "&protocol=17&version=1%0A2", Reason.BAD_VALUE, "version")
                .hasMessageContaining("'1?2'");
    }

    @Test
    void refusesARepeatedParameter() {
        assertRefused("access_token=" + TOKEN + "&protocol=17&access_token=other", Reason.DUPLICATE, "access_token")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void refusesBadPercentEncodingWithoutEchoingTheToken() {
        assertRefused("access_token=abc%zz&protocol=17", Reason.MALFORMED, "access_token")
                .hasMessageNotContaining("abc");
        assertRefused("access_token=" + TOKEN + "&protocol=17&%G1=2", Reason.MALFORMED, "");
    }

    @Test
    void refusesAnOverlongQueryBeforeParsing() {
        String query = "access_token=" + "x".repeat(RtcConnectParams.MAX_QUERY_CHARS) + "&protocol=17";

        assertRefused(query, Reason.TOO_LONG, "").hasMessageContaining(String.valueOf(query.length()));
    }

    @Test
    void ignoresUnknownParametersEvenWithBadEncoding() throws Exception {
        RtcConnectParams p = RtcConnectParams.parse("network=wifi&access_token=" + TOKEN + "&protocol=17&os=%zz");

        assertThat(p.accessToken()).isEqualTo(TOKEN);
    }

    @Test
    void whatAClientWritesTheServerReadsBack() throws Exception {
        RtcConnectParams sent = new RtcConnectParams("t0k+en/=", false, "salle", "0.1.0", 17, OptionalInt.of(1), true,
                Optional.of("PA_abcDEF012345"), true);

        assertThat(RtcConnectParams.parse(sent.toQueryString())).isEqualTo(sent);
        assertThat(RtcConnectParams.join(TOKEN, "salle", "0.1.0").toQueryString())
                .isEqualTo("access_token=" + TOKEN + "&auto_subscribe=1&sdk=salle&version=0.1.0&protocol=17");
    }

    @Test
    void toStringKeepsTheTokenOut() {
        assertThat(RtcConnectParams.join(TOKEN, "js", "2.23.0").toString()).doesNotContain(TOKEN).contains("js");
    }
}
