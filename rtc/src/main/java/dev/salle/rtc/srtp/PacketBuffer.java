package dev.salle.rtc.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A packet in a byte array region, transformed in place by {@link SrtpSession}. Protection
 * appends the tag (and for SRTCP a 4-byte index); give the array that much spare room after the
 * packet and it is never copied, otherwise {@link #array()} is replaced by a larger copy.
 * Not thread-safe: one owner at a time.
 */
public final class PacketBuffer {
  private byte[] array;
  private int offset;
  private int length;
  private JitsiBuffer jitsi;

  public PacketBuffer(byte[] array, int offset, int length) {
    Objects.requireNonNull(array, "array");
    if (offset < 0 || length < 0 || offset + length > array.length) {
      throw new IllegalArgumentException("region offset " + offset + " length " + length
          + " does not fit an array of " + array.length + " bytes");
    }
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /** Wraps a whole array. */
  public static PacketBuffer wrap(byte[] packet) {
    return new PacketBuffer(packet, 0, packet.length);
  }

  /** Copies a packet into a new array with {@code spare} bytes of room after it. */
  public static PacketBuffer copyOf(byte[] packet, int spare) {
    return new PacketBuffer(Arrays.copyOf(packet, packet.length + spare), 0, packet.length);
  }

  public byte[] array() {
    return array;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /**
   * Points this buffer at another region of its array, so one buffer serves packet after packet
   * without allocating.
   */
  public void reset(int newOffset, int newLength) {
    if (newOffset < 0 || newLength < 0 || newOffset + newLength > array.length) {
      throw new IllegalArgumentException("region offset " + newOffset + " length " + newLength
          + " does not fit an array of " + array.length + " bytes");
    }
    this.offset = newOffset;
    this.length = newLength;
  }

  /** This buffer as jitsi-srtp sees it; made once per buffer, so a reused buffer costs nothing per packet. */
  JitsiBuffer jitsi() {
    JitsiBuffer j = jitsi;
    if (j == null) {
      j = new JitsiBuffer(this);
      jitsi = j;
    }
    return j;
  }

  public byte[] toByteArray() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  int byteAt(int i) {
    return array[offset + i] & 0xff;
  }

  void setLength(int newLength) {
    if (newLength < 0 || offset + newLength > array.length) {
      throw new IllegalArgumentException("length " + newLength + " does not fit the array");
    }
    length = newLength;
  }

  void setOffset(int newOffset) {
    offset = newOffset;
  }

  void ensureCapacity(int extra) {
    if (offset + length + extra > array.length) {
      array = Arrays.copyOfRange(array, offset, offset + length + extra);
      offset = 0;
    }
  }
}
