package org.m2mdm.network.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.m2mdm.network.AccessNetwork;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AuthenticationCentre;

/**
 * A simulated radio access with several operators, for demos and tests. Terminals use it as an
 * {@link AccessNetwork}; each operator's side is {@link #provisioning(Plmn)}. With a data directory the
 * HSS ({@code hss-MCC-MNC.json}) and DNS ({@code dns-MCC-MNC.json}) of each operator survive a restart;
 * the directory is locked while the network is open. Close it to release its relay sockets and threads.
 */
public final class SimulatedNetwork implements AccessNetwork, AutoCloseable {

  private final Map<Plmn, Operator> operators;
  private final UdpRelay relay;
  private final ScheduledExecutorService smsScheduler;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile boolean closed;

  private SimulatedNetwork(Builder b) {
    FileChannel channel = null;
    FileLock fileLock = null;
    if (b.dataDirectory != null) {
      try {
        Files.createDirectories(b.dataDirectory);
        channel = FileChannel.open(b.dataDirectory.resolve("network.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        fileLock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        fileLock = null;
      } catch (IOException e) {
        closeQuietly(channel);
        throw new UncheckedIOException("cannot use data directory " + b.dataDirectory, e);
      }
      if (fileLock == null) {
        closeQuietly(channel);
        throw new IllegalStateException("data directory " + b.dataDirectory
            + " is in use by another open SimulatedNetwork");
      }
    }
    this.lockChannel = channel;
    this.lock = fileLock;
    this.smsScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "network-sim-sms");
      t.setDaemon(true);
      return t;
    });
    UdpRelay gateway = null;
    try {
      gateway = new UdpRelay();
      AuthenticationCentre auc = new AuthenticationCentre(b.random);
      Map<Plmn, Operator> ops = new LinkedHashMap<>();
      for (NetworkInfo info : b.operators.values()) {
        String suffix = info.plmn().toString();
        HssStore store = b.dataDirectory == null ? new InMemoryHssStore()
            : new FileHssStore(b.dataDirectory.resolve("hss-" + suffix + ".json"), info.plmn());
        LocalDns dns = b.dataDirectory == null ? new LocalDns() : new LocalDns(b.dataDirectory.resolve("dns-" + suffix + ".json"));
        ops.put(info.plmn(), new Operator(info, new Hss(info.plmn(), store), dns, auc, gateway,
            listeners -> new SmsCentre(smsScheduler, b.smsRetryInterval, b.smsMaxAttempts, b.clock, listeners)));
      }
      this.operators = ops;
      this.relay = gateway;
    } catch (RuntimeException e) {
      if (gateway != null) {
        gateway.close();
      }
      smsScheduler.shutdownNow();
      releaseLock();
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<NetworkInfo> visibleNetworks() {
    List<NetworkInfo> visible = new ArrayList<>();
    for (Operator op : operators.values()) {
      if (op.isVisible()) {
        visible.add(op.info());
      }
    }
    return List.copyOf(visible);
  }

  @Override
  public AttachResult attach(Plmn plmn, Imsi imsi, AkaResponder usim) {
    if (plmn == null || imsi == null || usim == null) {
      throw new IllegalArgumentException("PLMN, IMSI and AKA responder must not be null");
    }
    requireOpen();
    Operator op = operators.get(plmn);
    if (op == null || !op.isVisible()) {
      return new AttachResult.Rejected(RejectCause.NETWORK_NOT_FOUND, "no visible network " + plmn);
    }
    return op.attach(imsi, usim);
  }

  /**
   * The operator side of network {@code plmn}.
   *
   * @throws IllegalArgumentException if no such operator is configured
   */
  public SubscriberProvisioning provisioning(Plmn plmn) {
    return operator(plmn);
  }

  /** The operator of {@code plmn} with its simulation-only extras. */
  public Operator operator(Plmn plmn) {
    Operator op = plmn == null ? null : operators.get(plmn);
    if (op == null) {
      throw new IllegalArgumentException("unknown PLMN " + plmn + "; this network has " + operators.keySet());
    }
    return op;
  }

  /** Every configured operator, visible or not. */
  public Collection<Operator> operators() {
    return List.copyOf(operators.values());
  }

  /**
   * Puts the terminal in or out of coverage of {@code plmn}: an invisible network is not listed and
   * refuses attach with NETWORK_NOT_FOUND; losing coverage closes its bearers.
   */
  public void setCoverage(Plmn plmn, boolean visible) {
    operator(plmn).setVisible(visible);
  }

  /** Closes every bearer, relay socket and thread, and releases the data directory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    operators.values().forEach(Operator::closeAllBearers);
    relay.close();
    smsScheduler.shutdownNow();
    try {
      smsScheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    releaseLock();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the simulated network is closed");
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // the channel close below releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** Configures a {@link SimulatedNetwork}; at least one operator is required. */
  public static final class Builder {
    private final Map<Plmn, NetworkInfo> operators = new LinkedHashMap<>();
    private Path dataDirectory;
    private Duration smsRetryInterval = Duration.ofSeconds(5);
    private int smsMaxAttempts = 10;
    private SecureRandom random;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Keeps each operator's HSS and DNS in files in this directory; without it they live in memory. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** Adds an operator; the order of calls is the order of {@link #visibleNetworks()}. */
    public Builder operator(Plmn plmn, String name) {
      Objects.requireNonNull(plmn, "plmn");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("operator " + plmn + " needs a name");
      }
      if (operators.containsKey(plmn)) {
        throw new IllegalArgumentException("operator " + plmn + " is configured twice");
      }
      operators.put(plmn, new NetworkInfo(plmn, name));
      return this;
    }

    /** Time between delivery attempts of an unacknowledged SMS (default 5 s). */
    public Builder smsRetryInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("SMS retry interval must be positive, got " + interval);
      }
      this.smsRetryInterval = interval;
      return this;
    }

    /** Delivery attempts before an unacknowledged SMS expires (default 10). */
    public Builder smsMaxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("SMS attempts must be at least 1, got " + attempts);
      }
      this.smsMaxAttempts = attempts;
      return this;
    }

    /** Source of RAND values (default a new SecureRandom). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Clock for SMS timestamps and validity (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SimulatedNetwork build() {
      if (operators.isEmpty()) {
        throw new IllegalStateException("a simulated network needs at least one operator");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      return new SimulatedNetwork(this);
    }
  }
}
