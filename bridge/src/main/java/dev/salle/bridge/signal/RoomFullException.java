package dev.salle.bridge.signal;

/** A room already holds as many participants as it admits; the message says how many and what to do. */
final class RoomFullException extends Exception {

    RoomFullException(String room, int max) {
        super("room '" + room + "' is full (" + max + " participants); try later or raise --max-participants");
    }
}
