package org.m2mdm.server.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link UsimCredentialStore} on the database; K and OPc are encrypted per row and column. */
public final class JdbcUsimCredentialStore implements UsimCredentialStore {
    static final String TABLE = "usim_credentials";
    private static final String COLUMNS =
            "id, tenant_id, imsi, iccid, algorithm, amf, operator_plmn, assigned_device_id, created_at";
    private static final Jdbc.RowMapper<UsimCredentialSet> MAP = r -> new UsimCredentialSet(r.str("id"), r.str("tenant_id"),
            r.str("imsi"), r.str("iccid"), r.str("algorithm"), r.integer("amf"), r.str("operator_plmn"),
            r.str("assigned_device_id"), r.instant("created_at"));

    private final Jdbc jdbc;
    private final SecretCipher cipher;
    private final Clock clock;

    public JdbcUsimCredentialStore(Database database, SecretCipher cipher, Clock clock) {
        this.jdbc = database.jdbc();
        this.cipher = cipher;
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public UsimCredentialSet create(String tenantId, NewUsimCredentialSet s) {
        Checks.notNull("credential set", s);
        Checks.digits("IMSI", s.imsi(), 6, 15);
        Checks.digits("ICCID", s.iccid(), 18, 20);
        org.m2mdm.usim.Iccid.of(s.iccid()); // Luhn check digit
        try {
            org.m2mdm.usim.Algorithm.valueOf(s.algorithm());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown USIM algorithm " + s.algorithm() + ", expected one of "
                    + java.util.Arrays.toString(org.m2mdm.usim.Algorithm.values()));
        }
        Checks.notNull("K/OPc", s.secret());
        Checks.text("algorithm", s.algorithm(), 20);
        if (s.amf() < 0 || s.amf() > 0xffff) {
            throw new IllegalArgumentException("AMF must be a 16-bit value, got " + s.amf());
        }
        Checks.plmn(s.operatorPlmn());
        if (!s.imsi().startsWith(s.operatorPlmn().replace("-", ""))) {
            throw new IllegalArgumentException("IMSI " + s.imsi() + " is not in operator " + s.operatorPlmn());
        }
        UsimCredentialSet set = new UsimCredentialSet(UUID.randomUUID().toString(), tenantId, s.imsi(), s.iccid(), s.algorithm(),
                s.amf(), s.operatorPlmn(), null, clock.instant());
        byte[] k = s.secret().k();
        byte[] opc = s.secret().opc();
        try {
            jdbc.update("INSERT INTO usim_credentials (id, tenant_id, imsi, iccid, k_enc, opc_enc, algorithm, amf, operator_plmn,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", set.id(), tenantId, set.imsi(), set.iccid(),
                    cipher.encrypt(k, SecretCipher.context(TABLE, set.id(), "k_enc")),
                    cipher.encrypt(opc, SecretCipher.context(TABLE, set.id(), "opc_enc")),
                    set.algorithm(), set.amf(), set.operatorPlmn(), set.createdAt());
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("a credential set with IMSI " + s.imsi() + " or ICCID " + s.iccid() + " already exists", e);
        } catch (ReferenceException e) {
            throw new NotFoundException("no tenant " + tenantId);
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(opc, (byte) 0);
        }
        return set;
    }

    @Override
    public Optional<UsimCredentialSet> find(String tenantId, String setId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM usim_credentials WHERE tenant_id = ? AND id = ?", MAP, tenantId, setId);
    }

    @Override
    public Optional<UsimCredentialSet> findByImsi(String tenantId, String imsi) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM usim_credentials WHERE tenant_id = ? AND imsi = ?", MAP, tenantId, imsi);
    }

    @Override
    public List<UsimCredentialSet> list(String tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM usim_credentials WHERE tenant_id = ? ORDER BY imsi", MAP, tenantId);
    }

    @Override
    public List<UsimCredentialSet> forDevice(String tenantId, String deviceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM usim_credentials WHERE tenant_id = ? AND assigned_device_id = ? ORDER BY imsi",
                MAP, tenantId, deviceId);
    }

    @Override
    public Optional<UsimSecret> secret(String tenantId, String setId) {
        return jdbc.queryOne("SELECT id, k_enc, opc_enc FROM usim_credentials WHERE tenant_id = ? AND id = ?", r -> {
            byte[] k = cipher.decrypt(r.str("k_enc"), SecretCipher.context(TABLE, r.str("id"), "k_enc"));
            byte[] opc = cipher.decrypt(r.str("opc_enc"), SecretCipher.context(TABLE, r.str("id"), "opc_enc"));
            try {
                return new UsimSecret(k, opc);
            } finally {
                Arrays.fill(k, (byte) 0);
                Arrays.fill(opc, (byte) 0);
            }
        }, tenantId, setId);
    }

    @Override
    public boolean assign(String tenantId, String setId, String deviceId) {
        return jdbc.inTransaction(() -> {
            if (deviceId != null) {
                Owned.require(jdbc, "devices", "device", tenantId, deviceId);
            }
            return jdbc.update("UPDATE usim_credentials SET assigned_device_id = ? WHERE tenant_id = ? AND id = ?", deviceId,
                    tenantId, setId) == 1;
        });
    }

    @Override
    public Optional<UsimCredentialSet> assignFromPool(String tenantId, String operatorPlmn, String deviceId) {
        return jdbc.inTransaction(() -> {
            Owned.require(jdbc, "devices", "device", tenantId, deviceId);
            // Optimistic: the conditional UPDATE wins for exactly one concurrent caller; a loser tries the next free set.
            for (int attempt = 0; attempt < 20; attempt++) {
                Optional<String> free = jdbc.queryOne("SELECT id FROM usim_credentials WHERE tenant_id = ? AND operator_plmn = ?"
                        + " AND assigned_device_id IS NULL ORDER BY imsi LIMIT 1", r -> r.str("id"), tenantId, operatorPlmn);
                if (free.isEmpty()) {
                    return Optional.<UsimCredentialSet>empty();
                }
                if (jdbc.update("UPDATE usim_credentials SET assigned_device_id = ? WHERE id = ? AND assigned_device_id IS NULL",
                        deviceId, free.get()) == 1) {
                    return find(tenantId, free.get());
                }
            }
            throw new StoreException("could not take a credential set from the pool (too much contention)");
        });
    }

    @Override
    public boolean delete(String tenantId, String setId) {
        return jdbc.update("DELETE FROM usim_credentials WHERE tenant_id = ? AND id = ?", tenantId, setId) == 1;
    }
}
