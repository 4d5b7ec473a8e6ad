package dev.salle.rtc.dtls;

import static dev.salle.rtc.dtls.SetupRole.Side.ANSWERER;
import static dev.salle.rtc.dtls.SetupRole.Side.OFFERER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SetupRoleTest {

    @Test
    void actpassOfferAnsweredActiveMakesTheAnswererTheClient() {
        assertThat(SetupRole.localRole(SetupRole.ACTPASS, SetupRole.ACTIVE, ANSWERER)).isEqualTo(DtlsRole.CLIENT);
        assertThat(SetupRole.localRole(SetupRole.ACTPASS, SetupRole.ACTIVE, OFFERER)).isEqualTo(DtlsRole.SERVER);
    }

    @Test
    void actpassOfferAnsweredPassiveMakesTheOffererTheClient() {
        assertThat(SetupRole.localRole(SetupRole.ACTPASS, SetupRole.PASSIVE, ANSWERER)).isEqualTo(DtlsRole.SERVER);
        assertThat(SetupRole.localRole(SetupRole.ACTPASS, SetupRole.PASSIVE, OFFERER)).isEqualTo(DtlsRole.CLIENT);
    }

    @Test
    void activeOfferAnsweredPassiveMakesTheOffererTheClient() {
        assertThat(SetupRole.localRole(SetupRole.ACTIVE, SetupRole.PASSIVE, OFFERER)).isEqualTo(DtlsRole.CLIENT);
        assertThat(SetupRole.localRole(SetupRole.ACTIVE, SetupRole.PASSIVE, ANSWERER)).isEqualTo(DtlsRole.SERVER);
    }

    @Test
    void answererPicksActiveForActpassAndTheOppositeOtherwise() {
        assertThat(SetupRole.ACTPASS.answerTo()).isEqualTo(SetupRole.ACTIVE);
        assertThat(SetupRole.ACTIVE.answerTo()).isEqualTo(SetupRole.PASSIVE);
        assertThat(SetupRole.PASSIVE.answerTo()).isEqualTo(SetupRole.ACTIVE);
    }

    @Test
    void answerWithActpassIsRejected() {
        assertThatThrownBy(() -> SetupRole.localRole(SetupRole.ACTPASS, SetupRole.ACTPASS, OFFERER))
                .isInstanceOf(SetupRole.InvalidSetupException.class)
                .hasMessageContaining("answer a=setup:actpass").hasMessageContaining("RFC 5763");
    }

    @Test
    void bothSidesChoosingTheSameRoleIsRejected() {
        assertThatThrownBy(() -> SetupRole.localRole(SetupRole.ACTIVE, SetupRole.ACTIVE, ANSWERER))
                .isInstanceOf(SetupRole.InvalidSetupException.class)
                .hasMessageContaining("both say a=setup:active");
        assertThatThrownBy(() -> SetupRole.localRole(SetupRole.PASSIVE, SetupRole.PASSIVE, OFFERER))
                .isInstanceOf(SetupRole.InvalidSetupException.class)
                .hasMessageContaining("both say a=setup:passive");
    }

    @Test
    void holdconnIsRejectedInOfferAndAnswer() {
        assertThatThrownBy(() -> SetupRole.localRole(SetupRole.HOLDCONN, SetupRole.ACTIVE, OFFERER))
                .isInstanceOf(SetupRole.InvalidSetupException.class).hasMessageContaining("holdconn");
        assertThatThrownBy(() -> SetupRole.localRole(SetupRole.ACTPASS, SetupRole.HOLDCONN, OFFERER))
                .isInstanceOf(SetupRole.InvalidSetupException.class).hasMessageContaining("holdconn");
        assertThatThrownBy(SetupRole.HOLDCONN::answerTo)
                .isInstanceOf(SetupRole.InvalidSetupException.class).hasMessageContaining("holdconn");
    }

    @Test
    void parsingIsCaseInsensitiveAndRejectsUnknownValues() {
        assertThat(SetupRole.parse(" ActPass ")).isEqualTo(SetupRole.ACTPASS);
        assertThat(SetupRole.parse("passive").sdpValue()).isEqualTo("passive");
        assertThatThrownBy(() -> SetupRole.parse("server"))
                .isInstanceOf(SetupRole.InvalidSetupException.class)
                .hasMessageContaining("'server'").hasMessageContaining("actpass");
    }
}
