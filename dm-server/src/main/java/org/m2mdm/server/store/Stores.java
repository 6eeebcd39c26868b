package org.m2mdm.server.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * All stores over one database, built once and handed to the services. Closing it closes the
 * database only if {@link #open} opened it.
 */
public final class Stores implements AutoCloseable {
    private final Database database;
    private final boolean ownsDatabase;
    private final SecretCipher cipher;
    private final TenantStore tenants;
    private final DeviceStore devices;
    private final SubscriptionStore subscriptions;
    private final UsimCredentialStore usimCredentials;
    private final AppParameterSetStore appParameters;
    private final ManagementServerStore managementServers;
    private final ActivationEntryStore activationEntries;
    private final DeviceCredentialStore deviceCredentials;
    private final EnvelopeSequenceStore sequences;
    private final JobStore jobs;
    private final AuditLog audit;

    /** Stores over an open database; {@link #close()} leaves it open. */
    public Stores(Database database, SecretCipher cipher, Clock clock) {
        this(database, false, cipher, clock);
    }

    private Stores(Database database, boolean ownsDatabase, SecretCipher cipher, Clock clock) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.cipher = cipher;
        this.tenants = new JdbcTenantStore(database, clock);
        this.devices = new JdbcDeviceStore(database, clock);
        this.subscriptions = new JdbcSubscriptionStore(database, clock);
        this.usimCredentials = new JdbcUsimCredentialStore(database, cipher, clock);
        this.appParameters = new JdbcAppParameterSetStore(database, clock);
        this.managementServers = new JdbcManagementServerStore(database, cipher, clock);
        this.activationEntries = new JdbcActivationEntryStore(database, clock);
        this.deviceCredentials = new JdbcDeviceCredentialStore(database, cipher, clock);
        this.sequences = new JdbcEnvelopeSequenceStore(database);
        this.jobs = new JdbcJobStore(database, sequences, clock);
        this.audit = new JdbcAuditLog(database);
    }

    /** The embedded default: H2 under {@code <dataDir>/db}, master key file {@code <dataDir>/keys/master.keys}. */
    public static Stores open(Path dataDir) {
        return open(DatabaseConfig.embedded(dataDir), SecretCipher.load(masterKeyFile(dataDir)), Clock.systemUTC());
    }

    /** Opens (and migrates) the configured database; {@link #close()} closes it. */
    public static Stores open(DatabaseConfig config, SecretCipher cipher, Clock clock) {
        return new Stores(Database.open(config), true, cipher, clock);
    }

    /** Where the embedded default keeps the master key file. */
    public static Path masterKeyFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("master.keys");
    }

    public Database database() {
        return database;
    }

    public SecretCipher cipher() {
        return cipher;
    }

    public TenantStore tenants() {
        return tenants;
    }

    public DeviceStore devices() {
        return devices;
    }

    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    public UsimCredentialStore usimCredentials() {
        return usimCredentials;
    }

    public AppParameterSetStore appParameters() {
        return appParameters;
    }

    public ManagementServerStore managementServers() {
        return managementServers;
    }

    public ActivationEntryStore activationEntries() {
        return activationEntries;
    }

    public DeviceCredentialStore deviceCredentials() {
        return deviceCredentials;
    }

    public EnvelopeSequenceStore sequences() {
        return sequences;
    }

    public JobStore jobs() {
        return jobs;
    }

    public AuditLog audit() {
        return audit;
    }

    /**
     * Rotates the master key: a new current key, every stored secret re-encrypted under it in one
     * transaction, then the old keys retired. Returns the number of values rewritten.
     */
    public int rotateMasterKey() {
        cipher.rotate();
        return cipher.reencryptAll(database);
    }

    /** Runs work in one transaction across all stores (calls on this thread join it). */
    public <T> T inTransaction(Jdbc.TransactionWork<T> work) {
        return database.jdbc().inTransaction(work);
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }
}
