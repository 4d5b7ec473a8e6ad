/** {@code ./salle demo}: everything on one PC with embedded defaults. */
package dev.salle.demo;
