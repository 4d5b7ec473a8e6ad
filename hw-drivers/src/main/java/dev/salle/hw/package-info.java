/** The device's hardware boundary: interfaces named by role, implementations by technology. */
package dev.salle.hw;
