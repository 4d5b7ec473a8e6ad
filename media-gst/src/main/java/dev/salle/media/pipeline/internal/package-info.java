/** JNA calls that gst1-java-core 1.4.0 does not wrap. Not for other modules. */
package dev.salle.media.pipeline.internal;
