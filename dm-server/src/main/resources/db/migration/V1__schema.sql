-- m2m-dm server schema, version 1.
-- Portable between H2 2.x and PostgreSQL: VARCHAR ids (UUID text), VARCHAR(1000000) for long text,
-- TIMESTAMP WITH TIME ZONE, BIGINT/INTEGER, BOOLEAN; secrets are "<keyId>:<base64>" text (SecretCipher).

CREATE TABLE tenants (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_tenants_name UNIQUE (name)
);

CREATE TABLE api_tokens (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    label       VARCHAR(200) NOT NULL,
    token_hash  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash)
);
CREATE INDEX ix_api_tokens_tenant ON api_tokens (tenant_id);

CREATE TABLE devices (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    endpoint            VARCHAR(255) NOT NULL,
    certificate_pem     VARCHAR(1000000),
    ku_fingerprint      VARCHAR(64),
    state               VARCHAR(20)  NOT NULL,
    object_tree_json    VARCHAR(1000000),
    object_tree_read_at TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_devices_endpoint UNIQUE (endpoint)
);
CREATE INDEX ix_devices_tenant_endpoint ON devices (tenant_id, endpoint);
CREATE INDEX ix_devices_tenant_ku ON devices (tenant_id, ku_fingerprint);

CREATE TABLE device_labels (
    device_id   VARCHAR(36)  NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    label       VARCHAR(100) NOT NULL,
    PRIMARY KEY (device_id, label)
);
CREATE INDEX ix_device_labels_label ON device_labels (label);

CREATE TABLE usim_credentials (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    imsi                VARCHAR(15)  NOT NULL,
    iccid               VARCHAR(20)  NOT NULL,
    k_enc               VARCHAR(200) NOT NULL,
    opc_enc             VARCHAR(200) NOT NULL,
    algorithm           VARCHAR(20)  NOT NULL,
    amf                 INTEGER      NOT NULL,
    operator_plmn       VARCHAR(7)   NOT NULL,
    assigned_device_id  VARCHAR(36)  REFERENCES devices (id),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_usim_credentials_imsi UNIQUE (tenant_id, imsi),
    CONSTRAINT uq_usim_credentials_iccid UNIQUE (tenant_id, iccid)
);
CREATE INDEX ix_usim_credentials_pool ON usim_credentials (tenant_id, operator_plmn, assigned_device_id);

CREATE TABLE subscriptions (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    device_id           VARCHAR(36)  NOT NULL REFERENCES devices (id),
    operator_plmn       VARCHAR(7)   NOT NULL,
    imsi                VARCHAR(15)  NOT NULL,
    status              VARCHAR(20)  NOT NULL,
    filter_text         VARCHAR(4000),
    credential_set_id   VARCHAR(36)  REFERENCES usim_credentials (id),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_subscriptions_imsi UNIQUE (operator_plmn, imsi)
);
CREATE INDEX ix_subscriptions_device ON subscriptions (tenant_id, device_id);

CREATE TABLE app_parameter_sets (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    app_id          VARCHAR(200) NOT NULL,
    version         VARCHAR(100) NOT NULL,
    server_uris     VARCHAR(1000000) NOT NULL,
    parameters      VARCHAR(1000000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_app_parameter_sets UNIQUE (tenant_id, app_id, version)
);

CREATE TABLE management_servers (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name                VARCHAR(200) NOT NULL,
    role                VARCHAR(20)  NOT NULL,
    uri                 VARCHAR(1000) NOT NULL,
    short_server_id     INTEGER      NOT NULL,
    certificate_pem     VARCHAR(1000000),
    private_key_enc     VARCHAR(20000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_management_servers_name UNIQUE (tenant_id, name),
    CONSTRAINT uq_management_servers_ssid UNIQUE (tenant_id, short_server_id)
);

CREATE TABLE activation_entries (
    id                      VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id               VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    device_id               VARCHAR(36)  REFERENCES devices (id) ON DELETE CASCADE,
    label                   VARCHAR(100),
    usim_server_id          VARCHAR(36)  REFERENCES management_servers (id),
    application_server_id   VARCHAR(36)  REFERENCES management_servers (id),
    trusted_roles           VARCHAR(1000) NOT NULL,
    trust_anchors_pem       VARCHAR(1000000),
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_activation_entries_device UNIQUE (tenant_id, device_id),
    CONSTRAINT uq_activation_entries_label UNIQUE (tenant_id, label),
    CONSTRAINT ck_activation_entries_target CHECK ((device_id IS NULL) <> (label IS NULL))
);

CREATE TABLE device_credentials (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    device_id       VARCHAR(36)  NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    server_id       VARCHAR(36)  NOT NULL REFERENCES management_servers (id),
    psk_identity    VARCHAR(255) NOT NULL,
    psk_key_enc     VARCHAR(500) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_device_credentials_pair UNIQUE (device_id, server_id),
    CONSTRAINT uq_device_credentials_identity UNIQUE (psk_identity)
);

CREATE TABLE jobs (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    type        VARCHAR(100) NOT NULL,
    spec_json   VARCHAR(1000000) NOT NULL,
    created_by  VARCHAR(200),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_jobs_tenant_created ON jobs (tenant_id, created_at);

CREATE TABLE job_targets (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    job_id              VARCHAR(36)  NOT NULL REFERENCES jobs (id),
    tenant_id           VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    device_id           VARCHAR(36)  NOT NULL REFERENCES devices (id),
    state               VARCHAR(20)  NOT NULL,
    attempts            INTEGER      NOT NULL,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner         VARCHAR(200),
    lease_expires_at    TIMESTAMP WITH TIME ZONE,
    envelope_sequence   BIGINT,
    detail              VARCHAR(4000),
    last_error          VARCHAR(4000),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_job_targets_device UNIQUE (job_id, device_id)
);
CREATE INDEX ix_job_targets_due ON job_targets (state, next_attempt_at);
CREATE INDEX ix_job_targets_device ON job_targets (device_id, state);

CREATE TABLE envelope_sequences (
    endpoint    VARCHAR(255) NOT NULL PRIMARY KEY,
    last_value  BIGINT       NOT NULL
);

CREATE TABLE audit_log (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    tenant_id   VARCHAR(36),
    action      VARCHAR(100) NOT NULL,
    subject     VARCHAR(255),
    outcome     VARCHAR(40)  NOT NULL,
    detail      VARCHAR(4000)
);
CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id);
CREATE INDEX ix_audit_log_subject ON audit_log (tenant_id, subject, id);
