/**
 * The demo's in-process MQTT 5 broker (HiveMQ Community Edition, embedded), so {@code ./salle demo}
 * needs no broker installed. Field deployments use an external broker (Mosquitto, HiveMQ, EMQX).
 */
package dev.salle.demo.broker;
