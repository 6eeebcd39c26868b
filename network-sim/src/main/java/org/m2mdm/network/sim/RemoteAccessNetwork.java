package org.m2mdm.network.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.m2mdm.network.AccessNetwork;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AkaResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal side of {@link AccessNetworkServer}: an {@link AccessNetwork} in another process,
 * reached over one TCP connection. The local USIM ({@link AkaResponder}) answers the challenges the
 * server forwards, so K never leaves this process. If the connection drops, every bearer closes and
 * calls throw {@link UncheckedIOException}.
 */
public final class RemoteAccessNetwork implements AccessNetwork, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteAccessNetwork.class);

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final Duration callTimeout;
  private final Map<Integer, CompletableFuture<Wire.Incoming>> calls = new ConcurrentHashMap<>();
  private final Map<Integer, AkaResponder> responders = new ConcurrentHashMap<>();
  private final Map<Integer, RemoteBearer> bearers = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  /** SMS listeners, off the reader thread; one thread keeps SMS in order. */
  private final ExecutorService smsSide;
  /** USIM answers and close notifications, which may re-attach and so must not wait behind an SMS listener. */
  private final ExecutorService usimSide;
  private final Thread reader;
  private volatile boolean open = true;

  /** Connects to an {@link AccessNetworkServer}; calls wait at most 30 s. */
  public RemoteAccessNetwork(InetSocketAddress server) {
    this(server, Duration.ofSeconds(30));
  }

  public RemoteAccessNetwork(InetSocketAddress server, Duration callTimeout) {
    Objects.requireNonNull(server, "server");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    try {
      this.socket = new Socket();
      socket.connect(server, (int) Math.min(Integer.MAX_VALUE, callTimeout.toMillis()));
      socket.setTcpNoDelay(true);
      this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to access network at " + server, e);
    }
    this.smsSide = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "remote-access-sms");
      t.setDaemon(true);
      return t;
    });
    this.usimSide = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "remote-access-usim");
      t.setDaemon(true);
      return t;
    });
    this.reader = new Thread(this::readLoop, "remote-access-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public List<NetworkInfo> visibleNetworks() {
    Wire.Incoming result = call(Wire.LIST, m -> {});
    try {
      int n = result.in().readInt();
      List<NetworkInfo> networks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        networks.add(new NetworkInfo(Plmn.parse(result.readUtf()), result.readUtf()));
      }
      return List.copyOf(networks);
    } catch (IOException e) {
      throw protocolError(e);
    }
  }

  @Override
  public AttachResult attach(Plmn plmn, Imsi imsi, AkaResponder usim) {
    if (plmn == null || imsi == null || usim == null) {
      throw new IllegalArgumentException("PLMN, IMSI and AKA responder must not be null");
    }
    int id = nextId.incrementAndGet();
    responders.put(id, usim);
    try {
      Wire.Incoming result = call(id, new Wire.Message(Wire.ATTACH, id).writeUtf(plmn.toString())
          .writeUtf(imsi.digits()).writeByte(imsi.mncLength()));
      if (result.in().readBoolean()) {
        int bearerId = result.in().readInt();
        RemoteBearer bearer = new RemoteBearer(bearerId, imsi, plmn);
        bearers.put(bearerId, bearer);
        return new AttachResult.Attached(bearer);
      }
      return new AttachResult.Rejected(RejectCause.valueOf(result.readUtf()), result.readUtf());
    } catch (IOException | IllegalArgumentException e) {
      throw protocolError(e);
    } finally {
      responders.remove(id);
    }
  }

  /** Closes the connection; the server then closes this client's bearers. */
  @Override
  public void close() {
    shutdown(new IllegalStateException("remote access network closed"));
    smsSide.shutdownNow();
    usimSide.shutdown();
  }

  private interface Body {
    void write(Wire.Message message);
  }

  private Wire.Incoming call(byte type, Body body) {
    int id = nextId.incrementAndGet();
    Wire.Message message = new Wire.Message(type, id);
    body.write(message);
    return call(id, message);
  }

  /** Sends a request and waits for its RESULT; error results become the matching exception. */
  private Wire.Incoming call(int id, Wire.Message message) {
    if (!open) {
      throw new IllegalStateException("remote access network is closed or disconnected");
    }
    CompletableFuture<Wire.Incoming> pending = new CompletableFuture<>();
    calls.put(id, pending);
    Wire.Incoming result;
    try {
      Wire.write(out, message);
      result = pending.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      shutdown(e);
      throw new UncheckedIOException("connection to the access network failed", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from the access network within " + callTimeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? new UncheckedIOException("connection to the access network lost", io)
          : new IllegalStateException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the access network");
    } finally {
      calls.remove(id);
    }
    try {
      byte status = result.in().readByte();
      if (status == Wire.OK) {
        return result;
      }
      String why = result.readUtf();
      throw status == Wire.ILLEGAL_ARGUMENT ? new IllegalArgumentException(why) : new IllegalStateException(why);
    } catch (IOException e) {
      throw protocolError(e);
    }
  }

  private RuntimeException protocolError(Exception e) {
    return new IllegalStateException("malformed answer from the access network: " + e.getMessage(), e);
  }

  private void readLoop() {
    IOException failure = null;
    try {
      while (open) {
        Wire.Incoming message = Wire.read(in);
        switch (message.type()) {
          case Wire.RESULT -> {
            CompletableFuture<Wire.Incoming> pending = calls.get(message.id());
            if (pending != null) {
              pending.complete(message);
            }
          }
          case Wire.AKA_CHALLENGE -> {
            byte[] rand = message.readBytes();
            byte[] autn = message.readBytes();
            usimSide.execute(() -> answerChallenge(message.id(), rand, autn));
          }
          case Wire.SMS_PUSH -> {
            int bearerId = message.in().readInt();
            SmsMessage sms = new SmsMessage(message.readUtf(), Imsi.of(message.readUtf(), message.in().readByte()),
                message.readBytes(), Instant.ofEpochSecond(message.in().readLong(), message.in().readInt()));
            smsSide.execute(() -> deliverSms(message.id(), bearerId, sms));
          }
          case Wire.BEARER_CLOSED -> {
            RemoteBearer bearer = bearers.remove(message.id());
            if (bearer != null) {
              usimSide.execute(bearer::closedByNetwork);
            }
          }
          default -> throw new IOException("unknown message type " + message.type());
        }
      }
    } catch (EOFException | SocketException e) {
      failure = e;
    } catch (IOException | RuntimeException e) {
      if (open) {
        LOG.warn("malformed message from the access network, disconnecting: {}", e.toString());
      }
      failure = e instanceof IOException io ? io : new IOException(e.toString());
    } finally {
      shutdown(failure == null ? new EOFException("closed") : failure);
    }
  }

  private void answerChallenge(int attachId, byte[] rand, byte[] autn) {
    AkaResponder usim = responders.get(attachId);
    Wire.Message answer = new Wire.Message(Wire.AKA_ANSWER, attachId);
    try {
      AkaResponse response = usim == null ? null : usim.respond(rand, autn);
      if (response instanceof AkaResponse.Success s) {
        answer.writeByte(Wire.AKA_SUCCESS).writeBytes(s.res()).writeBytes(s.ck()).writeBytes(s.ik());
      } else if (response instanceof AkaResponse.SyncFailure f) {
        answer.writeByte(Wire.AKA_SYNC_FAILURE).writeBytes(f.auts());
      } else if (response instanceof AkaResponse.MacFailure) {
        answer.writeByte(Wire.AKA_MAC_FAILURE);
      } else {
        answer.writeByte(Wire.AKA_ERROR).writeUtf("no USIM for this attach");
      }
    } catch (RuntimeException e) {
      answer = new Wire.Message(Wire.AKA_ANSWER, attachId).writeByte(Wire.AKA_ERROR)
          .writeUtf(e.getClass().getSimpleName());
    }
    sendQuietly(answer);
  }

  private void deliverSms(int deliveryId, int bearerId, SmsMessage sms) {
    RemoteBearer bearer = bearers.get(bearerId);
    Consumer<SmsMessage> listener = bearer == null ? null : bearer.smsListener;
    boolean ok = false;
    if (listener != null) {
      try {
        listener.accept(sms);
        ok = true;
      } catch (RuntimeException e) {
        LOG.debug("SMS listener refused {}: {}", sms.id(), e.toString());
      }
    }
    sendQuietly(new Wire.Message(Wire.SMS_ACK, deliveryId).writeBoolean(ok));
  }

  private void sendQuietly(Wire.Message message) {
    try {
      Wire.write(out, message);
    } catch (IOException e) {
      shutdown(e);
    }
  }

  private void shutdown(Exception why) {
    if (!open) {
      return;
    }
    open = false;
    try {
      socket.close();
    } catch (IOException ignored) {
      // gone
    }
    calls.values().forEach(f -> f.completeExceptionally(why));
    List<RemoteBearer> all = new ArrayList<>(bearers.values());
    bearers.clear();
    all.forEach(RemoteBearer::closedByNetwork);
  }

  /** A bearer held by the server; every call goes over the connection. */
  private final class RemoteBearer implements Bearer {
    private final int id;
    private final Imsi imsi;
    private final Plmn plmn;
    private final AtomicBoolean bearerOpen = new AtomicBoolean(true);
    private final CloseListeners closeListeners;
    private volatile Consumer<SmsMessage> smsListener;
    private volatile boolean listening;

    RemoteBearer(int id, Imsi imsi, Plmn plmn) {
      this.id = id;
      this.imsi = imsi;
      this.plmn = plmn;
      this.closeListeners = new CloseListeners(imsi, LOG);
    }

    @Override
    public Imsi imsi() {
      return imsi;
    }

    @Override
    public Plmn plmn() {
      return plmn;
    }

    @Override
    public InetSocketAddress relayTo(InetSocketAddress destination) {
      org.m2mdm.network.DestinationFilter.only(destination); // same validation as locally
      requireOpen();
      Wire.Incoming result = call(Wire.RELAY_TO, m -> m.writeInt(id).writeAddress(destination));
      try {
        return result.readAddress();
      } catch (IOException e) {
        throw protocolError(e);
      }
    }

    @Override
    public Optional<InetSocketAddress> resolve(String hostName) {
      LocalDns.normalise(hostName);
      requireOpen();
      Wire.Incoming result = call(Wire.RESOLVE, m -> m.writeInt(id).writeUtf(hostName));
      try {
        return result.in().readBoolean() ? Optional.of(result.readAddress()) : Optional.empty();
      } catch (IOException e) {
        throw protocolError(e);
      }
    }

    @Override
    public long droppedDatagrams() {
      requireOpen();
      try {
        return call(Wire.DROPPED, m -> m.writeInt(id)).in().readLong();
      } catch (IOException e) {
        throw protocolError(e);
      }
    }

    @Override
    public void onSms(Consumer<SmsMessage> listener) {
      this.smsListener = listener;
      if (listener != null && !listening && bearerOpen.get()) {
        call(Wire.SMS_LISTEN, m -> m.writeInt(id));
        listening = true;
      }
    }

    @Override
    public void onClose(Runnable listener) {
      closeListeners.add(listener, bearerOpen::get);
    }

    @Override
    public boolean isOpen() {
      return bearerOpen.get();
    }

    @Override
    public void close() {
      if (!bearerOpen.get()) {
        return;
      }
      bearers.remove(id);
      if (open) {
        try {
          call(Wire.CLOSE_BEARER, m -> m.writeInt(id));
        } catch (RuntimeException e) {
          LOG.debug("closing remote bearer {}: {}", id, e.toString());
        }
      }
      closedByNetwork();
    }

    void closedByNetwork() {
      if (!bearerOpen.compareAndSet(true, false)) {
        return;
      }
      closeListeners.fire();
    }

    private void requireOpen() {
      if (!bearerOpen.get()) {
        throw new IllegalStateException("bearer of " + imsi + " on " + plmn + " is closed");
      }
    }

    @Override
    public String toString() {
      return "RemoteBearer[imsi=" + imsi + ", plmn=" + plmn + (bearerOpen.get() ? ", open" : ", closed") + "]";
    }
  }
}
