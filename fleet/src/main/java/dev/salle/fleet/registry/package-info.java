/**
 * The device registry: a database with migrations (H2 embedded by default, or PostgreSQL; {@link
 * dev.salle.fleet.registry.FleetDatabase} is the one place that tells them apart), and what it records.
 */
package dev.salle.fleet.registry;
