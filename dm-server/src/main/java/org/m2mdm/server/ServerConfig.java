package org.m2mdm.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Everything a {@link DmServer} is configured with. Defaults are the embedded single-process setup; a
 * properties file, {@code M2MDM_*} environment variables and command-line options override them in that order
 * (see {@link Builder#apply(Map, String)} and {@link #KEYS}). Port 0 means "any free port"; -1 disables an endpoint.
 */
public final class ServerConfig {

    /** The operator-side roles one process can host; each can be switched off. */
    public enum Role {
        /** Application activation service: the LwM2M bootstrap server. */
        AAS,
        /** USIM management server (LwM2M). */
        USIM,
        /** Application management server (LwM2M). */
        APPLICATION,
        /** Operator HTTP API and portal. */
        API,
        /** Durable job engine delivering commands. */
        JOBS,
        /** Embedded simulated network (network-sim) as the connectivity provider. */
        CONNECTIVITY
    }

    /** One operator of the embedded simulated network. */
    public record Operator(String plmn, String name) {
    }

    /** Every configuration key with its description, in documentation order (README and --help use it). */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("data.dir", "data directory (database, keys, certificates, token file) [./m2mdm-data]");
        k.put("jdbc.url", "JDBC URL of the database [embedded H2 under data.dir]");
        k.put("jdbc.user", "database user [m2mdm for embedded H2]");
        k.put("jdbc.password", "database password [empty]");
        k.put("db.pool.size", "connection pool size [8]");
        k.put("roles", "comma-separated roles to run: aas,usim,application,api,jobs,connectivity [all]");
        k.put("http.host", "HTTP API bind address [127.0.0.1]");
        k.put("http.port", "HTTP API port [8080]");
        k.put("http.max.body.bytes", "largest accepted HTTP request body [1048576]");
        k.put("lwm2m.host", "bind address of the LwM2M/CoAP endpoints [127.0.0.1]");
        k.put("usim.coaps.port", "CoAPS (DTLS) port of the management server; it serves both USIM and application"
                + " management when both roles run here [5684]");
        k.put("usim.coap.port", "plain CoAP port of that server, -1 = off [-1]");
        k.put("application.coaps.port", "CoAPS port of the application management server when it runs without the"
                + " USIM role [5686]");
        k.put("application.coap.port", "plain CoAP port of that server, -1 = off [-1]");
        k.put("registration.lifetime.seconds", "LwM2M registration lifetime the AAS gives devices [300]");
        k.put("usim.follow.timeout.seconds", "how long a USIM switch is followed before the attempt is retried [120]");
        k.put("bootstrap.port", "AAS (LwM2M bootstrap server) CoAPS port, X.509 device certificates [5784]");
        k.put("operators", "simulated operators as PLMN=name, comma-separated [001-01=M2M Demo Telecom,001-02=Visited Net]");
        k.put("operator.plmn", "PLMN of this server's own operator (must be one of operators) [first operator]");
        k.put("aas.dns.name", "name under which the AAS is put in every simulated operator's DNS [aas.m2m.local]");
        k.put("demo.tenant", "name of the tenant created on first start [demo]");
        k.put("pki.passphrase", "passphrase of the private-key PEM files [derived from the master key file]");
        k.put("jobs.concurrency", "targets delivered at once, all jobs together [16]");
        k.put("jobs.per.job.concurrency", "targets delivered at once per job [4]");
        k.put("jobs.poll.millis", "how often the job engine looks for due targets [500]");
        k.put("jobs.max.attempts", "delivery attempts per target before it fails [5]");
        k.put("jobs.backoff.initial.millis", "first retry delay, doubled per attempt [2000]");
        k.put("jobs.backoff.max.millis", "largest retry delay [300000]");
        KEYS = Collections.unmodifiableMap(k);
    }

    private final Path dataDir;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final int dbPoolSize;
    private final Set<Role> roles;
    private final String httpHost;
    private final int httpPort;
    private final int maxBodyBytes;
    private final String lwm2mHost;
    private final int usimCoapPort;
    private final int usimCoapsPort;
    private final int applicationCoapPort;
    private final int applicationCoapsPort;
    private final int bootstrapPort;
    private final List<Operator> operators;
    private final String operatorPlmn;
    private final String demoTenant;
    private final String aasDnsName;
    private final String pkiPassphrase;
    private final int jobsConcurrency;
    private final int jobsPerJobConcurrency;
    private final Duration jobsPollInterval;
    private final int jobsMaxAttempts;
    private final Duration jobsInitialBackoff;
    private final Duration jobsMaxBackoff;
    private final int registrationLifetimeSeconds;
    private final Duration usimFollowTimeout;

    private ServerConfig(Builder b) {
        this.dataDir = b.dataDir;
        this.jdbcUrl = b.jdbcUrl;
        this.jdbcUser = b.jdbcUser;
        this.jdbcPassword = b.jdbcPassword;
        this.dbPoolSize = b.dbPoolSize;
        this.roles = Collections.unmodifiableSet(EnumSet.copyOf(b.roles.isEmpty() ? EnumSet.noneOf(Role.class)
                : b.roles));
        this.httpHost = b.httpHost;
        this.httpPort = b.httpPort;
        this.maxBodyBytes = b.maxBodyBytes;
        this.lwm2mHost = b.lwm2mHost;
        this.usimCoapPort = b.usimCoapPort;
        this.usimCoapsPort = b.usimCoapsPort;
        this.applicationCoapPort = b.applicationCoapPort;
        this.applicationCoapsPort = b.applicationCoapsPort;
        this.bootstrapPort = b.bootstrapPort;
        this.operators = List.copyOf(b.operators);
        this.operatorPlmn = b.operatorPlmn != null ? b.operatorPlmn
                : operators.isEmpty() ? null : operators.get(0).plmn();
        this.demoTenant = b.demoTenant;
        this.aasDnsName = b.aasDnsName;
        this.pkiPassphrase = b.pkiPassphrase;
        this.jobsConcurrency = b.jobsConcurrency;
        this.jobsPerJobConcurrency = b.jobsPerJobConcurrency;
        this.jobsPollInterval = b.jobsPollInterval;
        this.jobsMaxAttempts = b.jobsMaxAttempts;
        this.jobsInitialBackoff = b.jobsInitialBackoff;
        this.jobsMaxBackoff = b.jobsMaxBackoff;
        this.registrationLifetimeSeconds = b.registrationLifetimeSeconds;
        this.usimFollowTimeout = b.usimFollowTimeout;
        if (jobsMaxBackoff.compareTo(jobsInitialBackoff) < 0) {
            throw new IllegalArgumentException("jobs.backoff.max.millis must not be below jobs.backoff.initial.millis");
        }
        if (operatorPlmn != null && operators.stream().noneMatch(o -> o.plmn().equals(operatorPlmn))
                && roles.contains(Role.CONNECTIVITY)) {
            throw new IllegalArgumentException("operator.plmn " + operatorPlmn + " is not one of the operators");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataDir = dataDir;
        b.jdbcUrl = jdbcUrl;
        b.jdbcUser = jdbcUser;
        b.jdbcPassword = jdbcPassword;
        b.dbPoolSize = dbPoolSize;
        b.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        b.httpHost = httpHost;
        b.httpPort = httpPort;
        b.maxBodyBytes = maxBodyBytes;
        b.lwm2mHost = lwm2mHost;
        b.usimCoapPort = usimCoapPort;
        b.usimCoapsPort = usimCoapsPort;
        b.applicationCoapPort = applicationCoapPort;
        b.applicationCoapsPort = applicationCoapsPort;
        b.bootstrapPort = bootstrapPort;
        b.operators = new ArrayList<>(operators);
        b.operatorPlmn = operatorPlmn;
        b.demoTenant = demoTenant;
        b.aasDnsName = aasDnsName;
        b.pkiPassphrase = pkiPassphrase;
        b.jobsConcurrency = jobsConcurrency;
        b.jobsPerJobConcurrency = jobsPerJobConcurrency;
        b.jobsPollInterval = jobsPollInterval;
        b.jobsMaxAttempts = jobsMaxAttempts;
        b.jobsInitialBackoff = jobsInitialBackoff;
        b.jobsMaxBackoff = jobsMaxBackoff;
        b.registrationLifetimeSeconds = registrationLifetimeSeconds;
        b.usimFollowTimeout = usimFollowTimeout;
        return b;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The configured JDBC URL, or null for the embedded H2 database under {@link #dataDir()}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public int dbPoolSize() {
        return dbPoolSize;
    }

    public Set<Role> roles() {
        return roles;
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    public String httpHost() {
        return httpHost;
    }

    public int httpPort() {
        return httpPort;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public String lwm2mHost() {
        return lwm2mHost;
    }

    public int usimCoapPort() {
        return usimCoapPort;
    }

    public int usimCoapsPort() {
        return usimCoapsPort;
    }

    public int applicationCoapPort() {
        return applicationCoapPort;
    }

    public int applicationCoapsPort() {
        return applicationCoapsPort;
    }

    /** The AAS's CoAPS port. */
    public int bootstrapPort() {
        return bootstrapPort;
    }

    public List<Operator> operators() {
        return operators;
    }

    /** The PLMN of the operator this server provisions subscriptions for (e.g. "001-01"). */
    public String operatorPlmn() {
        return operatorPlmn;
    }

    public String demoTenant() {
        return demoTenant;
    }

    /** The AAS host name in the simulated operators' DNS (scenario 3 terminals resolve it). */
    public String aasDnsName() {
        return aasDnsName;
    }

    /** The configured key passphrase, or null to derive it from the master key file. Never logged. */
    public String pkiPassphrase() {
        return pkiPassphrase;
    }

    public int jobsConcurrency() {
        return jobsConcurrency;
    }

    public int jobsPerJobConcurrency() {
        return jobsPerJobConcurrency;
    }

    public Duration jobsPollInterval() {
        return jobsPollInterval;
    }

    public int jobsMaxAttempts() {
        return jobsMaxAttempts;
    }

    public Duration jobsInitialBackoff() {
        return jobsInitialBackoff;
    }

    public Duration jobsMaxBackoff() {
        return jobsMaxBackoff;
    }

    /** The LwM2M registration lifetime the AAS writes into the Server objects it gives devices. */
    public int registrationLifetimeSeconds() {
        return registrationLifetimeSeconds;
    }

    public Duration usimFollowTimeout() {
        return usimFollowTimeout;
    }

    @Override
    public String toString() {
        return "ServerConfig[dataDir=" + dataDir + ", jdbcUrl=" + (jdbcUrl == null ? "embedded" : jdbcUrl)
                + ", roles=" + roles + ", http=" + httpHost + ":" + httpPort + ", operators=" + operators + "]";
    }

    /** Builds a {@link ServerConfig}; every setter validates its value. */
    public static final class Builder {
        private Path dataDir = Path.of("m2mdm-data");
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private int dbPoolSize = 8;
        private EnumSet<Role> roles = EnumSet.allOf(Role.class);
        private String httpHost = "127.0.0.1";
        private int httpPort = 8080;
        private int maxBodyBytes = 1024 * 1024;
        private String lwm2mHost = "127.0.0.1";
        private int usimCoapPort = -1;
        private int usimCoapsPort = 5684;
        private int applicationCoapPort = -1;
        private int applicationCoapsPort = 5686;
        private int bootstrapPort = 5784;
        private List<Operator> operators = new ArrayList<>(List.of(
                new Operator("001-01", "M2M Demo Telecom"), new Operator("001-02", "Visited Net")));
        private String operatorPlmn;
        private String demoTenant = "demo";
        private String aasDnsName = "aas.m2m.local";
        private String pkiPassphrase;
        private int jobsConcurrency = 16;
        private int jobsPerJobConcurrency = 4;
        private Duration jobsPollInterval = Duration.ofMillis(500);
        private int jobsMaxAttempts = 5;
        private Duration jobsInitialBackoff = Duration.ofSeconds(2);
        private Duration jobsMaxBackoff = Duration.ofMinutes(5);
        private int registrationLifetimeSeconds = 300;
        private Duration usimFollowTimeout = Duration.ofSeconds(120);

        private Builder() {
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        public Builder dbPoolSize(int size) {
            this.dbPoolSize = range("db.pool.size", size, 1, 200);
            return this;
        }

        public Builder roles(Set<Role> enabled) {
            this.roles = enabled.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(enabled);
            return this;
        }

        public Builder without(Role role) {
            this.roles.remove(role);
            return this;
        }

        public Builder httpHost(String host) {
            this.httpHost = host;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = range("http.port", port, 0, 65535);
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = range("http.max.body.bytes", bytes, 1024, 64 * 1024 * 1024);
            return this;
        }

        public Builder lwm2mHost(String host) {
            this.lwm2mHost = host;
            return this;
        }

        public Builder usimPorts(int coap, int coaps) {
            this.usimCoapPort = port("usim.coap.port", coap);
            this.usimCoapsPort = port("usim.coaps.port", coaps);
            return this;
        }

        public Builder applicationPorts(int coap, int coaps) {
            this.applicationCoapPort = port("application.coap.port", coap);
            this.applicationCoapsPort = port("application.coaps.port", coaps);
            return this;
        }

        public Builder bootstrapPort(int coaps) {
            this.bootstrapPort = range("bootstrap.port", coaps, 0, 65535);
            return this;
        }

        /** Every enabled port (HTTP and LwM2M) ephemeral: what tests and side-by-side instances want. */
        public Builder ephemeralPorts() {
            httpPort = 0;
            usimCoapPort = usimCoapPort < 0 ? -1 : 0;
            usimCoapsPort = usimCoapsPort < 0 ? -1 : 0;
            applicationCoapPort = applicationCoapPort < 0 ? -1 : 0;
            applicationCoapsPort = applicationCoapsPort < 0 ? -1 : 0;
            bootstrapPort = 0;
            return this;
        }

        public Builder operators(List<Operator> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("operators: at least one operator is needed");
            }
            this.operators = new ArrayList<>(list);
            return this;
        }

        public Builder operatorPlmn(String plmn) {
            this.operatorPlmn = plmn;
            return this;
        }

        public Builder demoTenant(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("demo.tenant must not be empty");
            }
            this.demoTenant = name;
            return this;
        }

        public Builder aasDnsName(String name) {
            if (name == null || !name.matches("[A-Za-z0-9.-]{1,253}")) {
                throw new IllegalArgumentException("aas.dns.name must be a host name");
            }
            this.aasDnsName = name;
            return this;
        }

        public Builder pkiPassphrase(String passphrase) {
            this.pkiPassphrase = passphrase;
            return this;
        }

        public Builder jobs(int concurrency, int perJob, Duration pollInterval) {
            this.jobsConcurrency = range("jobs.concurrency", concurrency, 1, 1000);
            this.jobsPerJobConcurrency = range("jobs.per.job.concurrency", perJob, 1, 1000);
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("jobs.poll.millis must be positive");
            }
            this.jobsPollInterval = pollInterval;
            return this;
        }

        /** Retry policy of job targets: attempts, and exponential backoff between an initial and a largest delay. */
        public Builder jobRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            this.jobsMaxAttempts = range("jobs.max.attempts", maxAttempts, 1, 1000);
            this.jobsInitialBackoff = positive("jobs.backoff.initial.millis", initialBackoff);
            this.jobsMaxBackoff = positive("jobs.backoff.max.millis", maxBackoff);
            return this;
        }

        public Builder registrationLifetimeSeconds(int seconds) {
            this.registrationLifetimeSeconds = range("registration.lifetime.seconds", seconds, 10, 86_400 * 7);
            return this;
        }

        public Builder usimFollowTimeout(Duration timeout) {
            this.usimFollowTimeout = positive("usim.follow.timeout.seconds", timeout);
            return this;
        }

        private static Duration positive(String key, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive");
            }
            return d;
        }

        /**
         * Applies settings by key (see {@link ServerConfig#KEYS}); an unknown key or a bad value is an
         * {@link IllegalArgumentException} naming the key and {@code source} (e.g. the config file name).
         */
        public Builder apply(Map<String, String> settings, String source) {
            Map<String, BiConsumer<Builder, String>> setters = setters();
            for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
                String key = e.getKey().trim();
                BiConsumer<Builder, String> setter = setters.get(key);
                if (setter == null) {
                    throw new IllegalArgumentException("unknown setting '" + key + "' in " + source
                            + " (known: " + String.join(", ", KEYS.keySet()) + ")");
                }
                try {
                    setter.accept(this, e.getValue().trim());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("bad value for '" + key + "' in " + source + ": "
                            + ex.getMessage(), ex);
                }
            }
            return this;
        }

        /**
         * Applies the {@code M2MDM_*} environment variables ({@code M2MDM_HTTP_PORT} is {@code http.port});
         * other variables are ignored, an {@code M2MDM_} variable that names no setting is an error.
         */
        public Builder applyEnvironment(Map<String, String> env) {
            Map<String, String> settings = new TreeMap<>();
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().startsWith("M2MDM_")) {
                    String key = e.getKey().substring(6).toLowerCase(Locale.ROOT).replace('_', '.');
                    settings.put(key, e.getValue());
                }
            }
            return apply(settings, "the environment (M2MDM_* variables)");
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static Map<String, BiConsumer<Builder, String>> setters() {
            Map<String, BiConsumer<Builder, String>> s = new LinkedHashMap<>();
            s.put("data.dir", (b, v) -> b.dataDir(Path.of(v)));
            s.put("jdbc.url", (b, v) -> b.jdbcUrl = v.isEmpty() ? null : v);
            s.put("jdbc.user", (b, v) -> b.jdbcUser = v);
            s.put("jdbc.password", (b, v) -> b.jdbcPassword = v);
            s.put("db.pool.size", (b, v) -> b.dbPoolSize(integer(v)));
            s.put("roles", (b, v) -> b.roles(parseRoles(v)));
            s.put("http.host", (b, v) -> b.httpHost(v));
            s.put("http.port", (b, v) -> b.httpPort(integer(v)));
            s.put("http.max.body.bytes", (b, v) -> b.maxBodyBytes(integer(v)));
            s.put("lwm2m.host", (b, v) -> b.lwm2mHost(v));
            s.put("usim.coap.port", (b, v) -> b.usimCoapPort = port("usim.coap.port", integer(v)));
            s.put("usim.coaps.port", (b, v) -> b.usimCoapsPort = port("usim.coaps.port", integer(v)));
            s.put("application.coap.port", (b, v) -> b.applicationCoapPort = port("application.coap.port", integer(v)));
            s.put("application.coaps.port", (b, v) -> b.applicationCoapsPort = port("application.coaps.port",
                    integer(v)));
            s.put("bootstrap.port", (b, v) -> b.bootstrapPort(integer(v)));
            s.put("operators", (b, v) -> b.operators(parseOperators(v)));
            s.put("operator.plmn", (b, v) -> b.operatorPlmn(v));
            s.put("aas.dns.name", (b, v) -> b.aasDnsName(v));
            s.put("demo.tenant", (b, v) -> b.demoTenant(v));
            s.put("pki.passphrase", (b, v) -> b.pkiPassphrase(v));
            s.put("jobs.concurrency", (b, v) -> b.jobsConcurrency = range("jobs.concurrency", integer(v), 1, 1000));
            s.put("jobs.per.job.concurrency", (b, v) -> b.jobsPerJobConcurrency = range("jobs.per.job.concurrency",
                    integer(v), 1, 1000));
            s.put("jobs.poll.millis", (b, v) -> b.jobsPollInterval = Duration.ofMillis(range("jobs.poll.millis",
                    integer(v), 10, 60_000)));
            s.put("jobs.max.attempts", (b, v) -> b.jobsMaxAttempts = range("jobs.max.attempts", integer(v), 1, 1000));
            s.put("jobs.backoff.initial.millis", (b, v) -> b.jobsInitialBackoff = Duration.ofMillis(
                    range("jobs.backoff.initial.millis", integer(v), 1, Integer.MAX_VALUE)));
            s.put("jobs.backoff.max.millis", (b, v) -> b.jobsMaxBackoff = Duration.ofMillis(
                    range("jobs.backoff.max.millis", integer(v), 1, Integer.MAX_VALUE)));
            s.put("registration.lifetime.seconds", (b, v) -> b.registrationLifetimeSeconds(integer(v)));
            s.put("usim.follow.timeout.seconds", (b, v) -> b.usimFollowTimeout(Duration.ofSeconds(
                    range("usim.follow.timeout.seconds", integer(v), 1, 86_400))));
            if (!s.keySet().equals(KEYS.keySet())) {
                throw new IllegalStateException("setting table and KEYS disagree");
            }
            return s;
        }

        static Set<Role> parseRoles(String v) {
            EnumSet<Role> set = EnumSet.noneOf(Role.class);
            if (v.isBlank() || v.equalsIgnoreCase("none")) {
                return set;
            }
            if (v.equalsIgnoreCase("all")) {
                return EnumSet.allOf(Role.class);
            }
            for (String part : v.split(",")) {
                String name = part.trim().toUpperCase(Locale.ROOT);
                try {
                    set.add(Role.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown role '" + part.trim() + "', expected one of "
                            + Arrays.toString(Role.values()).toLowerCase(Locale.ROOT));
                }
            }
            return set;
        }

        static List<Operator> parseOperators(String v) {
            List<Operator> list = new ArrayList<>();
            for (String part : v.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new IllegalArgumentException("operator '" + p + "' must be PLMN=name, e.g. 001-01=Demo");
                }
                String plmn = p.substring(0, eq).trim();
                if (!plmn.matches("\\d{3}-\\d{2,3}")) {
                    throw new IllegalArgumentException("operator PLMN '" + plmn + "' must be MCC-MNC, e.g. 001-01");
                }
                list.add(new Operator(plmn, p.substring(eq + 1).trim()));
            }
            return list;
        }

        private static int integer(String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not an integer");
            }
        }

        private static int port(String key, int port) {
            return range(key, port, -1, 65535);
        }

        private static int range(String key, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", was " + value);
            }
            return value;
        }
    }
}
