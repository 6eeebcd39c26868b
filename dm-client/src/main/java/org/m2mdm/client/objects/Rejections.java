package org.m2mdm.client.objects;

import org.eclipse.leshan.core.ResponseCode;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.mo.SimProvisioningResources;

/** The project's mapping of envelope rejections to CoAP codes and 505 results (see mo-definitions/README). */
public final class Rejections {
    private Rejections() {
    }

    /** CoAP response code of a write whose envelope was refused. */
    public static ResponseCode coapCode(Reason reason) {
        return switch (reason) {
        case TOO_LARGE -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
        case MALFORMED, UNSUPPORTED_ALGORITHM, BAD_SIGNATURE, DECRYPTION_FAILED -> ResponseCode.BAD_REQUEST;
        case UNTRUSTED_SIGNER, SIGNER_ROLE_NOT_ALLOWED, WRONG_DEVICE, REPLAYED, EXPIRED, NOT_YET_VALID ->
            ResponseCode.FORBIDDEN;
        };
    }

    /** 505 Update Result for a refused profile package envelope. */
    public static int simProvisioningResult(Reason reason) {
        return switch (reason) {
        case TOO_LARGE -> SimProvisioningResources.RESULT_NOT_ENOUGH_MEMORY;
        case MALFORMED, UNSUPPORTED_ALGORITHM -> SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE;
        default -> SimProvisioningResources.RESULT_INTEGRITY_FAILURE;
        };
    }
}
