/** Native plumbing for the camera package; not for other modules. */
package dev.salle.hw.camera.internal;
