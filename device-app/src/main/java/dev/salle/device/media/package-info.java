/** The device's media as the app sees it: pipelines started once, the screen, snapshots, health. */
package dev.salle.device.media;
