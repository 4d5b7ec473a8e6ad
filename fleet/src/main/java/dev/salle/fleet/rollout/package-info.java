/**
 * Rollouts of a signed bundle in waves: which devices update when, when the next wave starts, and
 * when the whole rollout halts. Pure logic driven by reports and a clock; the fleet sends the
 * commands it asks for and stores its snapshot.
 */
package dev.salle.fleet.rollout;
