/**
 * Visio-style rooms: {@link dev.salle.bridge.room.Slug meeting slugs}, registered rooms with an id,
 * access level and PIN code in a {@link dev.salle.bridge.room.RoomRegistry}, open rooms for slugs
 * nobody registered, and the guest {@link dev.salle.bridge.room.JoinTokens join tokens} a room
 * hands out.
 */
package dev.salle.bridge.room;
