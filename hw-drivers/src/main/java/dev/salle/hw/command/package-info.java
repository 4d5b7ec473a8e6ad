/**
 * Running the machine's command-line tools ({@code cec-ctl} and friends) behind an interface, so
 * drivers built on them are tested with a fake runner.
 */
package dev.salle.hw.command;
