/** The room device application: composition root and policy. */
package dev.salle.device;
