package dev.salle.device.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.provisioning.device.EnrolmentFailure;
import dev.salle.provisioning.qr.EnrolmentPayload;
import dev.salle.provisioning.qr.PayloadSigner;
import dev.salle.provisioning.qr.PayloadVerifier;
import dev.salle.provisioning.qr.ProvisioningKey;
import dev.salle.provisioning.qr.QrRejectedException;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentFlowTest {

    private static final Duration HOLD = Duration.ofSeconds(4);
    private static final KeyPair ORG = ProvisioningKey.generate();

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<String> shown = new ArrayList<>();
    private final List<DeviceIdentity> enrolled = new ArrayList<>();
    private final Deque<Object> outcomes = new ArrayDeque<>();
    private DeviceIdentityStore store;
    private DeviceIdentity identity;
    private EnrolmentFlow flow;

    @BeforeEach
    void setUp() throws Exception {
        store = new DeviceIdentityStore(dir.resolve("data"));
        DeviceCa ca = DeviceCa.create(dir.resolve("ca"), "Org", clock);
        KeyPair pair = DeviceKeys.generate();
        identity = new DeviceIdentity("d-1", pair.getPrivate(),
                List.of(ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "d-1"), ca.certificate()),
                ca.certificate(), URI.create("mqtts://127.0.0.1:8883"), "salle/v1", "Site", "Salle Marianne",
                Optional.empty(), clock.instant());
        flow = new EnrolmentFlow(new PayloadVerifier(List.of(ORG.getPublic()), clock), payload -> {
            Object next = outcomes.poll();
            if (next instanceof EnrolmentFailure f) {
                throw f;
            }
            return (DeviceIdentity) next;
        }, store, new EnrolmentScreen() {
            @Override
            public void show(EnrolmentStep step, String message) {
                shown.add(step + ": " + message);
            }

            @Override
            public void enrolled(DeviceIdentity id) {
                enrolled.add(id);
            }
        }, scheduler, clock, HOLD);
        flow.start();
        scheduler.runDue();
    }

    @Test
    void aCodeFromSomethingElseIsRefusedOnScreenThenScanningResumes() {
        flow.onQrText("WIFI:S:guest;T:WPA;P:secret;;");
        scheduler.runDue();

        assertThat(flow.step()).isEqualTo(EnrolmentStep.REFUSED);
        assertThat(last()).isEqualTo("REFUSED: " + QrRejectedException.Reason.NOT_SALLE.screenMessage());
        flow.onQrText(code(clock.instant().plus(Duration.ofDays(1))));
        scheduler.runDue();
        assertThat(outcomes).isEmpty();
        assertThat(flow.codesSeen()).isEqualTo(1);

        scheduler.advance(HOLD);
        assertThat(last()).isEqualTo("SCANNING: " + EnrolmentFlow.SCAN_MESSAGE);
        assertThat(store.exists()).isFalse();
        assertThat(flow.refusals()).containsEntry("NOT_SALLE", 1L);
    }

    @Test
    void aValidCodeEnrolsStoresTheIdentityAndSaysReady() {
        outcomes.add(identity);

        flow.onQrText(code(clock.instant().plus(Duration.ofDays(1))));
        scheduler.runDue();

        assertThat(shown).containsSubsequence("SCANNING: " + EnrolmentFlow.SCAN_MESSAGE,
                "ENROLLING: Enrolling Salle Marianne…", "READY: Ready");
        assertThat(enrolled).containsExactly(identity);
        assertThat(store.load()).hasValueSatisfying(i -> assertThat(i.deviceId()).isEqualTo("d-1"));
        flow.onQrText("anything");
        scheduler.runDue();
        assertThat(flow.step()).isEqualTo(EnrolmentStep.READY);
    }

    @Test
    void anExpiredCodeIsRefusedWithItsOwnMessage() {
        flow.onQrText(code(clock.instant().minusSeconds(1)));
        scheduler.runDue();

        assertThat(last()).isEqualTo("REFUSED: " + QrRejectedException.Reason.EXPIRED.screenMessage());
        assertThat(flow.refusals()).containsEntry("EXPIRED", 1L);
    }

    @Test
    void networkFailuresAreRetriedWithGrowingPausesAndShownMeanwhile() {
        outcomes.add(new EnrolmentFailure(EnrolmentFailure.Reason.UNREACHABLE, "connection refused"));
        outcomes.add(new EnrolmentFailure(EnrolmentFailure.Reason.SERVER_ERROR, "503"));
        outcomes.add(identity);

        flow.onQrText(code(clock.instant().plus(Duration.ofDays(1))));
        scheduler.runDue();
        assertThat(flow.step()).isEqualTo(EnrolmentStep.RETRYING);
        assertThat(last()).isEqualTo("RETRYING: " + EnrolmentFailure.Reason.UNREACHABLE.screenMessage());
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(last()).isEqualTo("RETRYING: " + EnrolmentFailure.Reason.SERVER_ERROR.screenMessage());
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(flow.step()).isEqualTo(EnrolmentStep.READY);
        assertThat(scheduler.requestedDelaysMillis()).contains(1000L, 2000L);
        assertThat(store.exists()).isTrue();
    }

    @Test
    void aUsedCodeIsNotRetriedAndStoresNothing() {
        outcomes.add(new EnrolmentFailure(EnrolmentFailure.Reason.CODE_USED, "409"));

        flow.onQrText(code(clock.instant().plus(Duration.ofDays(1))));
        scheduler.runDue();

        assertThat(last()).isEqualTo("REFUSED: " + EnrolmentFailure.Reason.CODE_USED.screenMessage());
        assertThat(store.exists()).isFalse();
        assertThat(outcomes).isEmpty();
        scheduler.advance(HOLD);
        assertThat(flow.step()).isEqualTo(EnrolmentStep.SCANNING);
    }

    @Test
    void retriesStopAfterTheAttemptLimitAndScanningResumes() {
        for (int i = 0; i < EnrolmentFlow.MAX_ATTEMPTS + 5; i++) {
            outcomes.add(new EnrolmentFailure(EnrolmentFailure.Reason.UNREACHABLE, "down"));
        }

        flow.onQrText(code(clock.instant().plus(Duration.ofDays(1))));
        for (int i = 0; i < EnrolmentFlow.MAX_ATTEMPTS + 2; i++) {
            scheduler.advance(EnrolmentFlow.LONGEST_RETRY);
        }

        assertThat(outcomes).hasSize(5);
        assertThat(flow.refusals()).containsEntry("UNREACHABLE", 1L);
        assertThat(flow.step()).isEqualTo(EnrolmentStep.SCANNING);
        assertThat(store.exists()).isFalse();
    }

    private String last() {
        return shown.get(shown.size() - 1);
    }

    private static String code(Instant expiry) {
        return PayloadSigner.sign(new EnrolmentPayload(URI.create("https://127.0.0.1:8443/enrol"), new byte[16], new byte[32],
                "Site", "Salle Marianne", Optional.empty(), expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), ORG);
    }
}
