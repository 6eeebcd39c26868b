package org.m2mdm.network.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The remote access protocol shared by {@link AccessNetworkServer} and {@link RemoteAccessNetwork}.
 * Every message is a frame: a 4-byte big-endian length, then that many bytes starting with a 1-byte
 * type and a 4-byte correlation id; fields follow in {@link DataOutputStream} encoding. Byte strings
 * and addresses are length-prefixed. See the module README for the message list.
 */
final class Wire {

  static final int MAX_FRAME = 64 * 1024;

  // client -> server requests (answered by RESULT with the same id)
  static final byte LIST = 1;
  static final byte ATTACH = 2;
  static final byte RELAY_TO = 4;
  static final byte RESOLVE = 5;
  static final byte DROPPED = 6;
  static final byte SMS_LISTEN = 7;
  static final byte CLOSE_BEARER = 9;
  // client -> server answers to server pushes
  static final byte AKA_ANSWER = 3;
  static final byte SMS_ACK = 8;
  // server -> client
  static final byte RESULT = 64;
  static final byte AKA_CHALLENGE = 65;
  static final byte SMS_PUSH = 66;
  static final byte BEARER_CLOSED = 67;

  // RESULT status
  static final byte OK = 0;
  static final byte ILLEGAL_ARGUMENT = 1;
  static final byte ILLEGAL_STATE = 2;

  // AKA_ANSWER kinds
  static final byte AKA_SUCCESS = 0;
  static final byte AKA_SYNC_FAILURE = 1;
  static final byte AKA_MAC_FAILURE = 2;
  static final byte AKA_ERROR = 3;

  private Wire() {}

  /** Builds one message body; {@link #frame()} gives the bytes to send. */
  static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    final DataOutputStream out = new DataOutputStream(bytes);

    Message(byte type, int id) {
      try {
        out.writeByte(type);
        out.writeInt(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Message writeUtf(String s) {
      try {
        out.writeUTF(s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message writeInt(int v) {
      try {
        out.writeInt(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message writeLong(long v) {
      try {
        out.writeLong(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message writeByte(int v) {
      try {
        out.writeByte(v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message writeBoolean(boolean v) {
      return writeByte(v ? 1 : 0);
    }

    Message writeBytes(byte[] b) {
      if (b.length > 0xFFFF) {
        throw new IllegalArgumentException("field of " + b.length + " bytes is too long for the wire");
      }
      try {
        out.writeShort(b.length);
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message writeAddress(InetSocketAddress address) {
      writeBytes(address.getAddress().getAddress());
      return writeInt(address.getPort());
    }

    byte[] frame() {
      return bytes.toByteArray();
    }
  }

  /** A received message: type, id and a stream over the remaining fields. */
  record Incoming(byte type, int id, DataInputStream in) {

    String readUtf() throws IOException {
      return in.readUTF();
    }

    byte[] readBytes() throws IOException {
      int length = in.readUnsignedShort();
      byte[] b = new byte[length];
      in.readFully(b);
      return b;
    }

    InetSocketAddress readAddress() throws IOException {
      byte[] raw = readBytes();
      int port = in.readInt();
      if (port < 0 || port > 65535) {
        throw new IOException("bad port " + port);
      }
      try {
        return new InetSocketAddress(InetAddress.getByAddress(raw), port);
      } catch (UnknownHostException e) {
        throw new IOException("bad address of " + raw.length + " bytes");
      }
    }
  }

  static void write(DataOutputStream out, Message message) throws IOException {
    byte[] frame = message.frame();
    synchronized (out) {
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
    }
  }

  /** Reads one frame; throws {@link EOFException} at a clean end of stream. */
  static Incoming read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 5 || length > MAX_FRAME) {
      throw new IOException("bad frame length " + length);
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    DataInputStream body = new DataInputStream(new ByteArrayInputStream(frame));
    return new Incoming(body.readByte(), body.readInt(), body);
  }
}
