package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantStoreTest {
    @TempDir
    Path dir;
    StoreFixture f;
    TenantStore tenants;

    @BeforeEach
    void open() {
        f = StoreFixture.open(dir);
        tenants = f.stores.tenants();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aTokenAuthenticatesItsTenantOnly() {
        Tenant a = tenants.create("operator-a");
        Tenant b = tenants.create("operator-b");
        String tokenA = tenants.issueToken(a.id());
        String tokenB = tenants.issueToken(b.id(), "ci");

        assertThat(tenants.authenticate(tokenA)).contains(a);
        assertThat(tenants.authenticate(tokenB)).contains(b);
        assertThat(tenants.authenticate(tokenA + "x")).isEmpty();
        assertThat(tenants.authenticate("")).isEmpty();
        assertThat(tenants.authenticate(null)).isEmpty();
    }

    @Test
    void storesOnlyTheHashOfATokenAndNeverListsIt() {
        Tenant a = tenants.create("operator-a");
        String token = tenants.issueToken(a.id(), "admin");
        assertThat(f.stores.database().jdbc().query("SELECT token_hash FROM api_tokens", r -> r.str("token_hash")))
                .containsExactly(JdbcTenantStore.hash(token))
                .doesNotContain(token);
        assertThat(tenants.tokens(a.id())).singleElement().satisfies(t -> {
            assertThat(t.label()).isEqualTo("admin");
            assertThat(t.toString()).doesNotContain(token);
        });
    }

    @Test
    void aRevokedTokenNoLongerAuthenticatesAndOtherTenantsCannotRevokeIt() {
        Tenant a = tenants.create("operator-a");
        Tenant b = tenants.create("operator-b");
        String token = tenants.issueToken(a.id());
        String tokenId = tenants.tokens(a.id()).get(0).id();

        assertThat(tenants.revokeToken(b.id(), tokenId)).isFalse();
        assertThat(tenants.authenticate(token)).isPresent();
        assertThat(tenants.revokeToken(a.id(), tokenId)).isTrue();
        assertThat(tenants.authenticate(token)).isEmpty();
    }

    @Test
    void rejectsDuplicateNamesAndTokensForUnknownTenants() {
        tenants.create("operator-a");
        assertThatThrownBy(() -> tenants.create("operator-a")).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("operator-a");
        assertThatThrownBy(() -> tenants.create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tenants.issueToken("nope")).isInstanceOf(NotFoundException.class);
        assertThat(tenants.findByName("operator-a")).isPresent();
        assertThat(tenants.list()).extracting(Tenant::name).containsExactly("operator-a");
    }
}
