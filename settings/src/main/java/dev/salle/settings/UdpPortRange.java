package dev.salle.settings;

/**
 * A range of UDP ports, both ends included, or {@link #ANY} (any free port the system gives).
 *
 * @param first the first port, or 0 for any
 * @param last the last port, or 0 for any
 */
public record UdpPortRange(int first, int last) {

    /** Any free port. */
    public static final UdpPortRange ANY = new UdpPortRange(0, 0);

    public UdpPortRange {
        if (!(first == 0 && last == 0) && (first < 1 || first > last || last > 65535)) {
            throw new IllegalArgumentException("a port range runs from 1 to 65535, its first port not after its last: " + first + "-" + last);
        }
    }

    public boolean isAny() {
        return first == 0;
    }

    /** How many ports; 0 for any. */
    public int size() {
        return isAny() ? 0 : last - first + 1;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : first + "-" + last;
    }
}
