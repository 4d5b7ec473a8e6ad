/**
 * The fleet's console API: people log in, get a role (viewer, operator, admin), and every action
 * goes into the audit log. The web console's pages use this API.
 */
package dev.salle.fleet.console;
