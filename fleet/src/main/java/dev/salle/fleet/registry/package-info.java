/** The device registry: a database with migrations (H2 embedded by default), and what it records. */
package dev.salle.fleet.registry;
