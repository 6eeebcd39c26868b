package org.m2mdm.conformance;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.eclipse.californium.core.coap.Response;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/** Checks on LwM2M responses that fail a case with a reason naming what was expected and what came. */
final class Responses {
    private Responses() {
    }

    /** Fails unless the response code is one of {@code expected}. */
    static void expectCode(LwM2mResponse response, String what, ResponseCode... expected) {
        for (ResponseCode c : expected) {
            if (response.getCode().equals(c)) {
                return;
            }
        }
        String want = Arrays.stream(expected).map(Responses::code).collect(Collectors.joining(" or "));
        String detail = response.getErrorMessage() == null || response.getErrorMessage().isEmpty() ? ""
                : " (" + response.getErrorMessage() + ")";
        throw new CaseFailure(what + ": expected " + want + ", got " + code(response.getCode()) + detail);
    }

    /** e.g. {@code 4.04 NOT_FOUND}. */
    static String code(ResponseCode code) {
        int c = code.getCode(); // Leshan numbers 2.04 as 204
        return (c / 100) + "." + String.format("%02d", c % 100) + " " + code.getName();
    }

    /** The content format number of the CoAP response carrying {@code response}, or -1 if unknown. */
    static int contentFormat(LwM2mResponse response) {
        if (response.getCoapResponse() instanceof Response coap && coap.getOptions().hasContentFormat()) {
            return coap.getOptions().getContentFormat();
        }
        return -1;
    }

    /** The value of a single-resource read, after checking the read succeeded. */
    static Object value(ReadResponse response, String what) {
        expectCode(response, what, ResponseCode.CONTENT);
        LwM2mNode node = response.getContent();
        if (node instanceof LwM2mSingleResource r) {
            return r.getValue();
        }
        throw new CaseFailure(what + ": expected a single resource, got " + describe(node));
    }

    /** A long from a single Integer resource read. */
    static long longValue(ReadResponse response, String what) {
        Object v = value(response, what);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new CaseFailure(what + ": expected an Integer, got " + describe(v));
    }

    /** A String from a single String resource read. */
    static String stringValue(ReadResponse response, String what) {
        Object v = value(response, what);
        if (v instanceof String s) {
            return s;
        }
        throw new CaseFailure(what + ": expected a String, got " + describe(v));
    }

    /** A non-empty String resource of an instance read. */
    static String nonEmptyString(LwM2mResource resource, String what) {
        if (resource == null) {
            throw new CaseFailure(what + " is missing");
        }
        if (resource.isMultiInstances() || !(resource.getValue() instanceof String s)) {
            throw new CaseFailure(what + " is not a single String");
        }
        if (s.isBlank()) {
            throw new CaseFailure(what + " is empty");
        }
        return s;
    }

    static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
