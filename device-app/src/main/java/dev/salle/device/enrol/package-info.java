/**
 * First boot: the device reads the room's QR code from its camera, enrols with the organisation's
 * enrolment service and keeps the identity it gets; and the factory reset that undoes it.
 */
package dev.salle.device.enrol;
