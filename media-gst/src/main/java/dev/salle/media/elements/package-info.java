/**
 * Choice of GStreamer elements by what the machine's registry really holds.
 *
 * <p>{@link dev.salle.media.elements.ElementChooser} walks fixed preference orders (hardware
 * first, software fallback last) and returns {@link dev.salle.media.elements.ElementChoice}
 * records that name the element, the reason and its properties. The whole set is a
 * {@link dev.salle.media.elements.MediaElements}, logged once at start-up and sent in telemetry.
 * When a category has no element at all, {@link dev.salle.media.elements.MissingElementsException}
 * names the elements and the Debian packages that provide them.
 */
package dev.salle.media.elements;
