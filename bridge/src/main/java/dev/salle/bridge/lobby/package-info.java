/**
 * The lobby of restricted rooms, as Visio runs it: a guest asks to enter and re-polls about every
 * second; a host lists who waits and admits or denies them. Entries live in memory and expire
 * when their guest stops polling. Also the per-address {@link dev.salle.bridge.lobby.RequestThrottle}
 * that guards the request-entry endpoint.
 */
package dev.salle.bridge.lobby;
