package dev.salle.device.enrol;

/** Where the first-boot enrolment is. */
public enum EnrolmentStep {
    /** Looking for a QR code in the camera picture. */
    SCANNING,
    /** A code was refused; its reason is on screen for a few seconds, then scanning again. */
    REFUSED,
    /** A valid code: the certificate request is on its way. */
    ENROLLING,
    /** The enrolment server could not be reached or was busy; trying again after a pause. */
    RETRYING,
    /** Enrolled: the identity is stored. */
    READY
}
