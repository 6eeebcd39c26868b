package org.m2mdm.client.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;

class FileProfileStoreTest {
    static final Plmn PLMN = Plmn.of("001", "01");

    @TempDir
    Path dir;

    @Test
    void persistsProfilesSelectionAndSqnStateAcrossReopen() {
        FileProfileStore store = new FileProfileStore(dir);
        StoredProfile a = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
        StoredProfile b = TestProfiles.profile(1, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.DOWNLOAD);
        store.install(a);
        store.install(b);
        store.select(Selection.committed(a.iccid(), Optional.of(a.iccid())).withTrial(b.iccid()));
        SqnState advanced = SqnState.initial().accept(SqnState.sqnOf(5, 3));
        store.saveSqnState(b.iccid(), advanced);

        FileProfileStore reopened = new FileProfileStore(dir);
        assertThat(reopened.profiles()).extracting(StoredProfile::iccid).containsExactly(a.iccid(), b.iccid());
        assertThat(reopened.find(b.iccid()).get().credentials().k()).isEqualTo(b.credentials().k());
        assertThat(reopened.selection().trial()).contains(b.iccid());
        assertThat(reopened.selection().enabled()).contains(a.iccid());
        assertThat(reopened.sqnState(b.iccid())).isEqualTo(advanced);
        assertThat(reopened.sqnState(a.iccid())).isEqualTo(SqnState.initial());
        assertThat(reopened.nextInstanceId()).isEqualTo(2);
    }

    @Test
    void refusesToDeleteTheEnabledOrFallbackProfile() {
        FileProfileStore store = new FileProfileStore(dir);
        StoredProfile a = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
        StoredProfile b = TestProfiles.profile(1, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.DOWNLOAD);
        StoredProfile c = TestProfiles.profile(2, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.DOWNLOAD);
        store.install(a);
        store.install(b);
        store.install(c);
        store.select(Selection.committed(a.iccid(), Optional.of(b.iccid())));
        assertThatThrownBy(() -> store.delete(a.iccid())).hasMessageContaining("not deleted");
        assertThatThrownBy(() -> store.delete(b.iccid())).hasMessageContaining("not deleted");
        store.delete(c.iccid());
        assertThat(new FileProfileStore(dir).profiles()).hasSize(2);
    }

    @Test
    void refusesDuplicateIccidAndAFullStore() {
        FileProfileStore store = new FileProfileStore(dir, 1);
        UsimCredentials c = TestProfiles.credentials(PLMN);
        store.install(TestProfiles.profile(0, c, PLMN, ProfileOrigin.DOWNLOAD));
        assertThatThrownBy(() -> store.install(TestProfiles.profile(1, c, PLMN, ProfileOrigin.DOWNLOAD)))
                .hasMessageContaining("already installed");
        assertThatThrownBy(() -> store.install(TestProfiles.profile(1, TestProfiles.credentials(PLMN), PLMN,
                ProfileOrigin.DOWNLOAD))).hasMessageContaining("full");
    }

    @Test
    void corruptProfileFileGivesAClearErrorWithoutEchoingTheKey() throws Exception {
        FileProfileStore store = new FileProfileStore(dir);
        StoredProfile a = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
        store.install(a);
        store.select(Selection.committed(a.iccid(), Optional.empty()));
        Path f = dir.resolve(a.iccid().digits() + ".profile");
        String hexK = HexFormat.of().formatHex(a.credentials().k().bytes());
        String broken = Files.readString(f).replace("k=" + hexK, "k=" + hexK.substring(0, 20) + "zz");
        Files.writeString(f, broken);
        assertThatThrownBy(() -> new FileProfileStore(dir)).isInstanceOf(ProfileStoreException.class)
                .hasMessageContaining("field 'k'").hasMessageNotContaining(hexK.substring(0, 20));
    }

    @Test
    void selectionNamingAMissingProfileIsRejectedOnOpen() throws Exception {
        FileProfileStore store = new FileProfileStore(dir);
        StoredProfile a = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
        store.install(a);
        store.select(Selection.committed(a.iccid(), Optional.empty()));
        Files.delete(dir.resolve(a.iccid().digits() + ".profile"));
        StoredProfile b = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
        new FileProfileStore(dir.resolve("other")).install(b);
        Files.copy(dir.resolve("other").resolve(b.iccid().digits() + ".profile"), dir.resolve(b.iccid().digits() + ".profile"));
        assertThatThrownBy(() -> new FileProfileStore(dir)).hasMessageContaining("not installed");
    }
}
