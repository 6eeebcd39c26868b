package org.m2mdm.conformance;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.mo.payload.UsimProfilePayload;

/**
 * Cases for clients that implement the USIM trees (504, 505 and the private USIM Profile object
 * 32769): profile listing, install of a {@code usim-profile} envelope pushed to 505 (by 505 Update
 * Profile or by 504 download-and-install), switch through
 * 504, rollback when the network rejects the new profile, and every envelope rejection case, each
 * with the CoAP code and 505 Update Result documented in mo-definitions/README.md and the profile
 * list left unchanged.
 */
public final class UsimCases {
    private static final Duration ENVELOPE_LIFETIME = Duration.ofHours(1);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long the registration must stay unchanged after a switch or rollback before the next step. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private UsimCases() {
    }

    /** The USIM cases, in the order they run (install before switch; replay reuses install's envelope). */
    public static List<ConformanceCase> all() {
        return List.of(
                ConformanceCase.of("usim-01", "Lists USIM profiles: one enabled, 504 ICCID list active first",
                        UsimCases::applies, UsimCases::listsProfiles),
                ConformanceCase.of("usim-02", "Installs a usim-profile envelope via 505/x/3 and 505 Update Profile",
                        UsimCases::applies, UsimCases::installs),
                ConformanceCase.of("usim-03", "Installs via 504 download-and-install and selects its ICCID",
                        UsimCases::applies, UsimCases::installsThroughRsp),
                ConformanceCase.of("usim-04", "Switches to the installed profile via 504 enable and commits",
                        UsimCases::switchApplies, UsimCases::switches),
                ConformanceCase.of("usim-05", "Rolls back a profile the network rejects and stays registered",
                        UsimCases::applies, UsimCases::rollsBack),
                rejection("usim-10", "Rejects an envelope sealed for another device", ResponseCode.FORBIDDEN,
                        UsimCases::applies, UsimCases::forAnotherDevice),
                rejection("usim-11", "Rejects a replayed envelope (sequence already used)", ResponseCode.FORBIDDEN,
                        UsimCases::applies, UsimCases::replayed),
                rejection("usim-12", "Rejects an envelope from an untrusted signer", ResponseCode.FORBIDDEN,
                        UsimCases::applies, UsimCases::fromUntrustedSigner),
                rejection("usim-13", "Rejects an envelope whose signer role may not send usim-profile",
                        ResponseCode.FORBIDDEN, UsimCases::wrongRoleApplies, UsimCases::fromWrongRole),
                rejection("usim-14", "Rejects an expired envelope", ResponseCode.FORBIDDEN, UsimCases::applies,
                        UsimCases::expired),
                rejection("usim-15", "Rejects an envelope with a tampered byte", ResponseCode.BAD_REQUEST,
                        UsimCases::applies, UsimCases::tampered));
    }

    // --- applicability -------------------------------------------------------------------------

    static Optional<String> applies(ClientUnderTest client) {
        if (!client.implementsObjects(ObjectIds.RSP, ObjectIds.SIM_PROVISIONING, ObjectIds.USIM_PROFILE)) {
            return Optional.of("client does not announce /504, /505 and /" + ObjectIds.USIM_PROFILE);
        }
        if (client.usim().isEmpty()) {
            return Optional.of("no USIM fixture (signer key/chain and device certificate) given");
        }
        return Optional.empty();
    }

    private static Optional<String> switchApplies(ClientUnderTest client) {
        Optional<String> base = applies(client);
        if (base.isPresent()) {
            return base;
        }
        UsimFixture f = client.usim().orElseThrow();
        return f.profiles().hasAttachable() || f.installedAttachableIccid().isPresent() ? Optional.empty()
                : Optional.of("no profile the client's network accepts was given");
    }

    private static Optional<String> wrongRoleApplies(ClientUnderTest client) {
        Optional<String> base = applies(client);
        if (base.isPresent()) {
            return base;
        }
        return client.usim().orElseThrow().wrongRoleSigner().isPresent() ? Optional.empty()
                : Optional.of("no signer with a role other than USIM_MANAGEMENT was given");
    }

    // --- listing, install, switch, rollback ----------------------------------------------------

    private static void listsProfiles(ClientUnderTest client) throws InterruptedException {
        UsimTree tree = new UsimTree(client);
        List<UsimTree.Profile> profiles = tree.profiles();
        CaseFailure.check(!profiles.isEmpty(), "/" + ObjectIds.USIM_PROFILE + " has no instance");
        UsimTree.Profile active = tree.active(profiles);
        List<String> iccids = tree.rspIccids();
        CaseFailure.check(!iccids.isEmpty() && iccids.get(0).equals(active.iccid()),
                "504 ICCID list " + iccids + " does not start with the enabled profile " + active.iccid());
        CaseFailure.check(iccids.size() == profiles.size(), "504 lists " + iccids.size() + " ICCIDs but /"
                + ObjectIds.USIM_PROFILE + " has " + profiles.size() + " instances");
        long fallbacks = profiles.stream().filter(UsimTree.Profile::fallback).count();
        CaseFailure.check(fallbacks <= 1, "more than one profile carries the fallback attribute");
    }

    /** Seals {@code profile} with the trusted signer for the client, at the next sequence number. */
    private static byte[] seal(UsimFixture f, UsimProfilePayload profile) {
        return f.signer().sealer().seal(profile.encode(), PayloadType.USIM_PROFILE, f.deviceCertificate(),
                f.nextSequence(), ENVELOPE_LIFETIME);
    }

    /** The two documented ways to install a downloaded package. */
    private enum Route {
        /** Execute 505/x/5 Update Profile. */
        SIM_PROVISIONING,
        /** Execute 504/x/4 with action 0 (download and install); 504/x/14 then selects the new ICCID. */
        RSP
    }

    /** Pushes and installs {@code profile} through 505, checking every documented state on the way. */
    private static void install(ClientUnderTest client, UsimProfilePayload profile) throws InterruptedException {
        install(client, profile, Route.SIM_PROVISIONING);
    }

    /** Pushes {@code profile} to 505/x/3 and installs it by {@code route}, checking each documented state. */
    private static void install(ClientUnderTest client, UsimProfilePayload profile, Route route)
            throws InterruptedException {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        List<UsimTree.Profile> before = tree.profiles();
        UsimTree.Profile active = tree.active(before);

        byte[] envelope = seal(f, profile);
        WriteResponse w = tree.writePackage(envelope);
        Responses.expectCode(w, "WRITE /505/x/3 (valid usim-profile envelope, " + envelope.length + " bytes)",
                ResponseCode.CHANGED);
        f.acceptedEnvelope(envelope);
        long state = tree.simState();
        CaseFailure.check(state == SimProvisioningResources.STATE_DOWNLOADED,
                "505 Update State is " + state + " after an accepted envelope, expected 2 (Downloaded)");

        if (route == Route.SIM_PROVISIONING) {
            ExecuteResponse e = tree.executeUpdateProfile();
            Responses.expectCode(e, "EXECUTE /505/x/5 (Update Profile)", ResponseCode.CHANGED);
            long result = tree.simResult();
            CaseFailure.check(result == SimProvisioningResources.RESULT_SUCCESS,
                    "505 Update Result is " + result + " after install, expected 1 (success)");
            long idle = tree.simState();
            CaseFailure.check(idle == SimProvisioningResources.STATE_IDLE,
                    "505 Update State is " + idle + " after install, expected 0 (Idle)");
        } else {
            ExecuteResponse e = tree.executeRsp(RspResources.ACTION_DOWNLOAD_AND_INSTALL);
            Responses.expectCode(e, "EXECUTE /504/x/4 '0' (download and install)", ResponseCode.CHANGED);
            // 504 actions run after the execute is acknowledged: wait for the state to return to Idle.
            long[] seen = new long[2];
            boolean done = poll(client, client.timeout(), () -> {
                seen[0] = tree.rspState();
                seen[1] = tree.rspResult();
                return seen[0] == RspResources.STATE_IDLE && seen[1] != RspResources.RESULT_INITIAL;
            });
            CaseFailure.check(done, "504 Update State stayed " + seen[0] + " for " + client.timeout().toSeconds()
                    + " s after download-and-install, expected it back at 0 (Idle)");
            CaseFailure.check(seen[1] == RspResources.RESULT_SUCCESS,
                    "504 Update Result is " + seen[1] + " after install, expected 1 (success)");
        }

        List<UsimTree.Profile> after = tree.profiles();
        CaseFailure.check(after.size() == before.size() + 1, "profile count went from " + before.size() + " to "
                + after.size() + " after install, expected one more");
        Optional<UsimTree.Profile> installed = after.stream().filter(p -> p.iccid().equals(profile.iccid()))
                .findFirst();
        CaseFailure.check(installed.isPresent(), "installed ICCID " + profile.iccid() + " is not in /"
                + ObjectIds.USIM_PROFILE + ": " + UsimTree.summaries(after));
        CaseFailure.check(installed.get().state() == UsimProfileResources.STATE_DISABLED,
                "installed profile is in state " + installed.get().state() + ", expected 0 (disabled)");
        CaseFailure.check(installed.get().imsi().equals(profile.imsi()), "installed profile shows IMSI "
                + installed.get().imsi() + ", expected " + profile.imsi());
        CaseFailure.check(tree.active(after).iccid().equals(active.iccid()),
                "the enabled profile changed on install (only a 504 enable may change it)");
        List<String> iccids = tree.rspIccids();
        CaseFailure.check(iccids.contains(profile.iccid()), "504 ICCID list " + iccids + " lacks "
                + profile.iccid());
        if (route == Route.RSP) {
            String selected = tree.selectedIccid();
            CaseFailure.check(profile.iccid().equals(selected),
                    "504 Selected ICCID is '" + selected + "' after install, expected " + profile.iccid());
        }
    }

    private static void installsThroughRsp(ClientUnderTest client) throws Exception {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        install(client, f.profiles().unattachable(tree.active(tree.profiles()).plmn()), Route.RSP);
    }

    private static void installs(ClientUnderTest client) throws Exception {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        Optional<UsimProfilePayload> attachable = f.profiles().attachable();
        UsimProfilePayload profile = attachable.isPresent() ? attachable.get()
                : f.profiles().unattachable(tree.active(tree.profiles()).plmn());
        install(client, profile);
        if (attachable.isPresent()) {
            f.installedAttachable(profile.iccid());
        }
    }

    private static void switches(ClientUnderTest client) throws Exception {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        String target;
        if (f.installedAttachableIccid().isPresent()) {
            target = f.installedAttachableIccid().get();
        } else {
            UsimProfilePayload p = f.profiles().attachable()
                    .orElseThrow(() -> new CaseFailure("the profile supply gave no attachable profile"));
            install(client, p);
            target = p.iccid();
        }
        List<UsimTree.Profile> before = tree.profiles();
        UsimTree.Profile active = tree.active(before);
        Optional<UsimFixture.SwitchStart> earlier = f.switchStart().filter(st -> st.target().equals(target));
        UsimFixture.SwitchStart start;
        if (earlier.isPresent() && active.iccid().equals(target)) {
            // A second attempt after a re-registration interrupted the first, which had already enabled it.
            start = earlier.get();
        } else {
            CaseFailure.check(!active.iccid().equals(target), "profile " + target + " is already enabled");
            start = new UsimFixture.SwitchStart(target, active.iccid(),
                    client.server().registrationCount(client.endpoint()), client.server().updateCount(client.endpoint()));
            f.switchStarted(start);
            enable(tree, target);
        }
        String[] last = { "no answer yet" };
        boolean committed = poll(client, f.switchTimeout(), () -> {
            List<UsimTree.Profile> now = tree.profiles();
            long state = tree.rspState();
            long result = tree.rspResult();
            last[0] = "profiles " + UsimTree.summaries(now) + ", 504 state " + state + " result " + result;
            if (result == RspResources.RESULT_ENABLE_FAILED) {
                throw new CaseFailure("the client rolled back the switch to " + target + " (504 result 13): "
                        + last[0]);
            }
            return state == RspResources.STATE_IDLE && result == RspResources.RESULT_SUCCESS && now.stream()
                    .anyMatch(p -> p.iccid().equals(target) && p.state() == UsimProfileResources.STATE_ENABLED);
        });
        CaseFailure.check(committed, "switch to " + target + " not committed within "
                + f.switchTimeout().toSeconds() + " s; last seen: " + last[0]);
        String previous = start.previous();
        CaseFailure.check(client.awaitSettled(SETTLE), "the client kept re-registering after the switch");
        List<UsimTree.Profile> after = tree.profiles();
        CaseFailure.check(tree.active(after).iccid().equals(target), "enabled profile is not " + target);
        CaseFailure.check(after.stream().anyMatch(p -> p.iccid().equals(previous)),
                "the previous profile " + previous + " was deleted by the switch");
        CaseFailure.check(tree.rspIccids().get(0).equals(target), "504 ICCID list does not start with " + target);
        boolean reRegistered = client.server().registrationCount(client.endpoint()) > start.registrations()
                || client.server().updateCount(client.endpoint()) > start.updates();
        CaseFailure.check(reRegistered, "the client did not re-register (nor update) after switching to " + target);
    }

    private static void enable(UsimTree tree, String iccid) throws InterruptedException {
        Responses.expectCode(tree.selectIccid(iccid), "WRITE /504/x/14 = " + iccid, ResponseCode.CHANGED);
        Responses.expectCode(tree.executeRsp(RspResources.ACTION_ENABLE), "EXECUTE /504/x/4 '1' (enable " + iccid
                + ")", ResponseCode.CHANGED);
    }

    private static void rollsBack(ClientUnderTest client) throws Exception {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        UsimTree.Profile previous = tree.active(tree.profiles());
        UsimProfilePayload rejected = f.profiles().unattachable(previous.plmn());
        install(client, rejected);

        enable(tree, rejected.iccid());
        String[] last = { "no answer yet" };
        boolean rolledBack = poll(client, f.switchTimeout(), () -> {
            long state = tree.rspState();
            long result = tree.rspResult();
            last[0] = "504 state " + state + " result " + result;
            return state == RspResources.STATE_IDLE && result == RspResources.RESULT_ENABLE_FAILED;
        });
        CaseFailure.check(rolledBack, "no rollback reported (504 state 0, result 13) within "
                + f.switchTimeout().toSeconds() + " s; last seen: " + last[0]);
        CaseFailure.check(client.awaitSettled(SETTLE), "the client did not settle back on its registration after"
                + " the rollback");
        CaseFailure.check(client.currentRegistration().isPresent(), "the client is not registered after rollback");
        List<UsimTree.Profile> after = tree.profiles();
        UsimTree.Profile active = tree.active(after);
        CaseFailure.check(active.iccid().equals(previous.iccid()) && active.state() == UsimProfileResources.STATE_ENABLED,
                "after rollback the enabled profile is " + active.summary() + ", expected " + previous.iccid()
                        + " enabled");
        after.stream().filter(p -> p.iccid().equals(rejected.iccid())).findFirst().ifPresent(p -> {
            CaseFailure.check(p.state() == UsimProfileResources.STATE_DISABLED,
                    "the rejected profile is left in state " + p.state() + ", expected 0 (disabled)");
            CaseFailure.check(p.lastAttachResult() != UsimProfileResources.ATTACH_ATTACHED,
                    "the rejected profile reports Last Attach Result 1 (attached)");
        });
    }

    /** Polls {@code check} every 250 ms until it is true or {@code timeout} passes; unanswered reads retry. */
    private static boolean poll(ClientUnderTest client, Duration timeout, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (client.currentRegistration().isPresent() && check.holds()) {
                    return true;
                }
            } catch (CaseFailure e) {
                if (e.getMessage().startsWith("the client rolled back")) {
                    throw e;
                }
                // not answering while it re-attaches: keep polling
            } catch (ReRegistrationException e) {
                // a read cancelled twice while it re-registers: keep polling
            } catch (RuntimeException e) {
                // a request cancelled by re-registration: keep polling
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws InterruptedException;
    }

    // --- rejections ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface EnvelopeMaker {
        byte[] make(ClientUnderTest client, UsimFixture fixture, UsimProfilePayload profile) throws Exception;
    }

    private static ConformanceCase rejection(String id, String title, ResponseCode code,
            java.util.function.Function<ClientUnderTest, Optional<String>> applicability, EnvelopeMaker maker) {
        return ConformanceCase.of(id, title, applicability, client -> rejects(client, maker, code));
    }

    /**
     * Writes the bad envelope and checks: the CoAP code, 505 Update Result 5 (integrity failure), the
     * 505 Update State, the profile list and the 504 ICCID list unchanged.
     */
    private static void rejects(ClientUnderTest client, EnvelopeMaker maker, ResponseCode code) throws Exception {
        UsimFixture f = client.usim().orElseThrow();
        UsimTree tree = new UsimTree(client);
        UsimTree.Profile active = tree.active(tree.profiles());
        UsimProfilePayload profile = f.profiles().unattachable(active.plmn());
        byte[] envelope = maker.make(client, f, profile);

        List<String> before = UsimTree.summaries(tree.profiles());
        List<String> iccidsBefore = tree.rspIccids();
        long stateBefore = tree.simState();
        WriteResponse w = tree.writePackage(envelope);
        Responses.expectCode(w, "WRITE /505/x/3", code);
        long result = tree.simResult();
        CaseFailure.check(result == SimProvisioningResources.RESULT_INTEGRITY_FAILURE,
                "505 Update Result is " + result + ", expected 5 (integrity failure)");
        long stateAfter = tree.simState();
        CaseFailure.check(stateAfter == stateBefore,
                "505 Update State changed from " + stateBefore + " to " + stateAfter + " on a refused envelope");
        List<String> after = UsimTree.summaries(tree.profiles());
        CaseFailure.check(after.equals(before), "profile list changed from " + before + " to " + after);
        List<String> iccidsAfter = tree.rspIccids();
        CaseFailure.check(iccidsAfter.equals(iccidsBefore),
                "504 ICCID list changed from " + iccidsBefore + " to " + iccidsAfter);
    }

    private static byte[] forAnotherDevice(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile)
            throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey otherKey = g.generateKeyPair().getPublic();
        return f.signer().sealer().seal(profile.encode(), PayloadType.USIM_PROFILE, otherKey,
                client.endpoint() + "-other-device", f.nextSequence(), ENVELOPE_LIFETIME);
    }

    private static byte[] replayed(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile)
            throws Exception {
        Optional<byte[]> accepted = f.lastAcceptedEnvelope();
        if (accepted.isPresent()) {
            return accepted.get();
        }
        // Nothing accepted yet in this run: have one accepted first, then replay it.
        byte[] envelope = seal(f, profile);
        Responses.expectCode(new UsimTree(client).writePackage(envelope), "WRITE /505/x/3 (first, valid, copy)",
                ResponseCode.CHANGED);
        f.acceptedEnvelope(envelope);
        return envelope;
    }

    private static byte[] fromUntrustedSigner(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile) {
        CertificateAuthority rogue = CertificateAuthority.createRoot("Conformance untrusted root", Duration.ofDays(1));
        Signer signer = Signer.of(rogue.issueServer("conformance-untrusted", EnumSet.of(SignerRole.USIM_MANAGEMENT)));
        return signer.sealer().seal(profile.encode(), PayloadType.USIM_PROFILE, f.deviceCertificate(),
                f.nextSequence(), ENVELOPE_LIFETIME);
    }

    private static byte[] fromWrongRole(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile) {
        return f.wrongRoleSigner().orElseThrow().sealer().seal(profile.encode(), PayloadType.USIM_PROFILE,
                f.deviceCertificate(), f.nextSequence(), ENVELOPE_LIFETIME);
    }

    private static byte[] expired(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile) {
        Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        return f.signer().sealer(twoHoursAgo).seal(profile.encode(), PayloadType.USIM_PROFILE, f.deviceCertificate(),
                f.nextSequence(), ENVELOPE_LIFETIME);
    }

    private static byte[] tampered(ClientUnderTest client, UsimFixture f, UsimProfilePayload profile) {
        byte[] envelope = seal(f, profile);
        // The last byte belongs to the signature: the structure still parses, the signature fails.
        envelope[envelope.length - 1] ^= 0x01;
        return envelope;
    }
}
