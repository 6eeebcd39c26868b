package org.m2mdm.network.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.m2mdm.network.AccessNetwork;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AkaResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link AccessNetwork} on a TCP port of 127.0.0.1 so that terminals in other processes can
 * use it through {@link RemoteAccessNetwork}. During attach the server forwards RAND/AUTN to the
 * client, whose USIM answers. Relay addresses handed out are the network's own UDP sockets on
 * 127.0.0.1, which work across processes as they are. A dropped connection closes its bearers.
 */
public final class AccessNetworkServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AccessNetworkServer.class);

  private final AccessNetwork network;
  private final Duration answerTimeout;
  private final ServerSocket serverSocket;
  private final ExecutorService workers;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  /** Serves {@code network} on 127.0.0.1:{@code port} (0 picks a free port); waits up to 10 s for terminal answers. */
  public AccessNetworkServer(AccessNetwork network, int port) {
    this(network, port, Duration.ofSeconds(10));
  }

  /**
   * @param answerTimeout how long to wait for a terminal's AKA answer or SMS acknowledgement
   */
  public AccessNetworkServer(AccessNetwork network, int port, Duration answerTimeout) {
    this.network = Objects.requireNonNull(network, "network");
    this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    try {
      this.serverSocket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "access-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::acceptLoop, "access-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverSocket.getLocalSocketAddress();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.forEach(Connection::close);
    workers.shutdownNow();
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("access server stopped accepting: {}", e.toString());
        }
        return;
      }
      try {
        Connection connection = new Connection(socket);
        connections.add(connection);
        workers.execute(connection::readLoop);
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot serve connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        try {
          socket.close();
        } catch (IOException ignored) {
          // gone
        }
      }
    }
  }

  /** One client: its bearers and the answers it owes the server. */
  private final class Connection {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Map<Integer, Bearer> bearers = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<AkaResponse>> challenges = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Boolean>> smsAcks = new ConcurrentHashMap<>();
    private final AtomicInteger nextBearerId = new AtomicInteger();
    private final AtomicInteger nextDeliveryId = new AtomicInteger();
    private volatile boolean open = true;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      socket.setTcpNoDelay(true);
      this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    void readLoop() {
      try {
        while (open) {
          Wire.Incoming message = Wire.read(in);
          switch (message.type()) {
            case Wire.AKA_ANSWER -> answer(message);
            case Wire.SMS_ACK -> acknowledge(message);
            // attach waits for the terminal, so requests run off the reader thread
            default -> workers.execute(() -> handle(message));
          }
        }
      } catch (EOFException | SocketException e) {
        LOG.debug("access client {} disconnected", socket.getRemoteSocketAddress());
      } catch (IOException | RuntimeException e) {
        LOG.warn("access client {} sent a malformed message, disconnecting: {}", socket.getRemoteSocketAddress(),
            e.toString());
      } finally {
        close();
      }
    }

    private void answer(Wire.Incoming message) throws IOException {
      CompletableFuture<AkaResponse> pending = challenges.remove(message.id());
      byte kind = message.in().readByte();
      AkaResponse response;
      switch (kind) {
        case Wire.AKA_SUCCESS -> response = new AkaResponse.Success(message.readBytes(), message.readBytes(),
            message.readBytes());
        case Wire.AKA_SYNC_FAILURE -> response = new AkaResponse.SyncFailure(message.readBytes());
        case Wire.AKA_MAC_FAILURE -> response = new AkaResponse.MacFailure();
        case Wire.AKA_ERROR -> {
          String why = message.readUtf();
          if (pending != null) {
            pending.completeExceptionally(new IllegalStateException("terminal USIM failed: " + why));
          }
          return;
        }
        default -> throw new IOException("unknown AKA answer kind " + kind);
      }
      if (pending != null) {
        pending.complete(response);
      }
    }

    private void acknowledge(Wire.Incoming message) throws IOException {
      boolean ok = message.in().readBoolean();
      CompletableFuture<Boolean> pending = smsAcks.remove(message.id());
      if (pending != null) {
        pending.complete(ok);
      }
    }

    private void handle(Wire.Incoming request) {
      Wire.Message reply = new Wire.Message(Wire.RESULT, request.id());
      try {
        switch (request.type()) {
          case Wire.LIST -> list(reply);
          case Wire.ATTACH -> attach(request, reply);
          case Wire.RELAY_TO -> reply.writeByte(Wire.OK).writeAddress(bearer(request).relayTo(request.readAddress()));
          case Wire.RESOLVE -> {
            Bearer bearer = bearer(request);
            Optional<InetSocketAddress> address = bearer.resolve(request.readUtf());
            reply.writeByte(Wire.OK).writeBoolean(address.isPresent());
            address.ifPresent(reply::writeAddress);
          }
          case Wire.DROPPED -> reply.writeByte(Wire.OK).writeLong(bearer(request).droppedDatagrams());
          case Wire.SMS_LISTEN -> listen(request.in().readInt(), reply);
          case Wire.CLOSE_BEARER -> {
            Bearer bearer = bearers.remove(request.in().readInt());
            if (bearer != null) {
              bearer.close();
            }
            reply.writeByte(Wire.OK);
          }
          default -> throw new IllegalArgumentException("unknown request type " + request.type());
        }
      } catch (IllegalArgumentException | IOException e) {
        reply = error(request.id(), Wire.ILLEGAL_ARGUMENT, e.getMessage());
      } catch (RuntimeException e) {
        reply = error(request.id(), Wire.ILLEGAL_STATE, e.getMessage());
      }
      send(reply);
    }

    private Wire.Message error(int id, byte status, String why) {
      return new Wire.Message(Wire.RESULT, id).writeByte(status).writeUtf(why == null ? "" : why);
    }

    private void list(Wire.Message reply) {
      List<NetworkInfo> visible = network.visibleNetworks();
      reply.writeByte(Wire.OK).writeInt(visible.size());
      for (NetworkInfo info : visible) {
        reply.writeUtf(info.plmn().toString()).writeUtf(info.name());
      }
    }

    private void attach(Wire.Incoming request, Wire.Message reply) throws IOException {
      Plmn plmn = Plmn.parse(request.readUtf());
      Imsi imsi = Imsi.of(request.readUtf(), request.in().readByte());
      int attachId = request.id();
      AkaResponder remoteUsim = (rand, autn) -> challenge(attachId, rand, autn);
      AttachResult result = network.attach(plmn, imsi, remoteUsim);
      if (result instanceof AttachResult.Attached attached) {
        Bearer bearer = attached.bearer();
        int bearerId = nextBearerId.incrementAndGet();
        bearers.put(bearerId, bearer);
        bearer.onClose(() -> {
          if (bearers.remove(bearerId) != null && open) {
            send(new Wire.Message(Wire.BEARER_CLOSED, bearerId));
          }
        });
        if (!open) {
          bearer.close(); // the client went away while attaching
        }
        reply.writeByte(Wire.OK).writeBoolean(true).writeInt(bearerId);
      } else {
        AttachResult.Rejected rejected = (AttachResult.Rejected) result;
        reply.writeByte(Wire.OK).writeBoolean(false).writeUtf(rejected.cause().name()).writeUtf(rejected.detail());
      }
    }

    private AkaResponse challenge(int attachId, byte[] rand, byte[] autn) {
      CompletableFuture<AkaResponse> answer = new CompletableFuture<>();
      challenges.put(attachId, answer);
      send(new Wire.Message(Wire.AKA_CHALLENGE, attachId).writeBytes(rand).writeBytes(autn));
      try {
        return answer.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("no AKA answer within " + answerTimeout);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the AKA answer");
      } finally {
        challenges.remove(attachId, answer);
      }
    }

    private void listen(int bearerId, Wire.Message reply) {
      Bearer bearer = bearers.get(bearerId);
      if (bearer == null) {
        throw new IllegalStateException("bearer " + bearerId + " is closed");
      }
      bearer.onSms(sms -> push(bearerId, sms));
      reply.writeByte(Wire.OK);
    }

    /** Runs on the SMS centre's thread: the terminal's acknowledgement decides delivery. */
    private void push(int bearerId, SmsMessage sms) {
      int deliveryId = nextDeliveryId.incrementAndGet();
      CompletableFuture<Boolean> ack = new CompletableFuture<>();
      smsAcks.put(deliveryId, ack);
      Instant at = sms.submittedAt();
      send(new Wire.Message(Wire.SMS_PUSH, deliveryId).writeInt(bearerId).writeUtf(sms.id())
          .writeUtf(sms.to().digits()).writeByte(sms.to().mncLength()).writeBytes(sms.payload())
          .writeLong(at.getEpochSecond()).writeInt(at.getNano()));
      boolean acknowledged;
      try {
        acknowledged = ack.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        acknowledged = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        acknowledged = false;
      } finally {
        smsAcks.remove(deliveryId);
      }
      if (!acknowledged) {
        throw new IllegalStateException("remote terminal did not acknowledge SMS " + sms.id());
      }
    }

    private Bearer bearer(Wire.Incoming request) throws IOException {
      int id = request.in().readInt();
      Bearer bearer = bearers.get(id);
      if (bearer == null) {
        throw new IllegalStateException("bearer " + id + " is closed");
      }
      return bearer;
    }

    private void send(Wire.Message message) {
      if (!open) {
        return;
      }
      try {
        Wire.write(out, message);
      } catch (IOException e) {
        LOG.debug("cannot write to access client {}: {}", socket.getRemoteSocketAddress(), e.toString());
        close();
      }
    }

    void close() {
      if (!open) {
        return;
      }
      open = false;
      connections.remove(this);
      try {
        socket.close();
      } catch (IOException ignored) {
        // gone
      }
      challenges.values().forEach(f -> f.completeExceptionally(new IllegalStateException("terminal disconnected")));
      smsAcks.values().forEach(f -> f.complete(false));
      bearers.values().forEach(Bearer::close);
      bearers.clear();
    }
  }
}
