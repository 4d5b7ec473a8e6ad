package dev.salle.rtc.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/** Presents a {@link PacketBuffer} to jitsi-srtp; one per buffer ({@link PacketBuffer#jitsi()}). */
final class JitsiBuffer implements ByteArrayBuffer {
  private final PacketBuffer packet;

  JitsiBuffer(PacketBuffer packet) {
    this.packet = packet;
  }

  @Override
  public byte[] getBuffer() {
    return packet.array();
  }

  @Override
  public int getOffset() {
    return packet.offset();
  }

  @Override
  public int getLength() {
    return packet.length();
  }

  @Override
  public void setLength(int length) {
    packet.setLength(length);
  }

  @Override
  public void setOffset(int offset) {
    packet.setOffset(offset);
  }

  @Override
  public boolean isInvalid() {
    return false;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] out) {
    System.arraycopy(packet.array(), packet.offset() + off, out, 0, len);
  }

  @Override
  public void grow(int howMuch) {
    packet.ensureCapacity(howMuch);
  }

  @Override
  public void append(byte[] data, int len) {
    packet.ensureCapacity(len);
    System.arraycopy(data, 0, packet.array(), packet.offset() + packet.length(), len);
    packet.setLength(packet.length() + len);
  }

  @Override
  public void shrink(int len) {
    packet.setLength(Math.max(0, packet.length() - len));
  }
}
