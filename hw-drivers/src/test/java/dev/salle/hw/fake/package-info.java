/** Test doubles shared by the hardware tests: a scheduler and clock that move only when told. */
package dev.salle.hw.fake;
