/**
 * The device's update agent: a signed bundle is fetched, verified before anything is installed,
 * installed into the inactive slot, and tried; the new version commits itself only if its health
 * check passes, and otherwise goes back to the old slot by itself ({@code docs/updates.md}).
 */
package dev.salle.device.update;
