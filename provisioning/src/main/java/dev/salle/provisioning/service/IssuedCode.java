package dev.salle.provisioning.service;

/**
 * A freshly issued code: the registry's record and the signed QR text. The text holds the secret
 * code; it is shown once (printed on the sheet) and not kept.
 */
public record IssuedCode(EnrolmentCode code, String qrText) {

    @Override
    public String toString() {
        return "IssuedCode[" + code.id() + ", room=" + code.room() + ", expires " + code.expiresAt() + "]";
    }
}
