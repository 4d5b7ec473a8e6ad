/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition, embedded) with mutual TLS and the
 * per-device topic rules, so {@code ./salle demo} and {@code ./salle fleet serve} need no broker
 * installed. A fleet that grows past one machine uses an external, clustered broker (EMQX, HiveMQ,
 * VerneMQ) or Mosquitto with the same rules ({@code docs/provisioning.md}).
 */
package dev.salle.broker;
