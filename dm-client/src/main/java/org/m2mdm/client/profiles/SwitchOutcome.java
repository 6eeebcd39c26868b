package org.m2mdm.client.profiles;

import java.util.Optional;

import org.m2mdm.usim.Iccid;

/** Result of {@link ProfileSwitch#switchTo}: committed to the target, or rolled back with a reason. */
public record SwitchOutcome(boolean committed, Iccid target, Iccid active, Optional<String> failure) {
    static SwitchOutcome committed(Iccid target) {
        return new SwitchOutcome(true, target, target, Optional.empty());
    }

    static SwitchOutcome rolledBack(Iccid target, Iccid active, String reason) {
        return new SwitchOutcome(false, target, active, Optional.of(reason));
    }
}
