package org.mjpki.applet.client;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Short-APDU exchange with command chaining (CLA bit 0x10) for long data and 61xx / GET RESPONSE
 * for long responses, optionally through an SCP03 wrapper. All APDU bytes are built here.
 */
final class ApduChannel {

    static final int CLA_ISO = 0x00;
    static final int CLA_PROPRIETARY = 0x80;
    private static final int MAX_LC = 255;
    /** Chunk size for chained commands: Lc + Le must fit a 260-byte APDU buffer (jcardsim, many cards). */
    static final int MAX_CHUNK = 254;

    record Response(byte[] data, int sw) {
        boolean ok() {
            return sw == StatusWords.OK;
        }
    }

    private final ApduTransport transport;
    private int roundTrips;

    ApduChannel(ApduTransport transport) {
        this.transport = transport;
    }

    int roundTrips() {
        return roundTrips;
    }

    /** Sends a command (chained when needed); the data array is not kept. */
    Response exchange(int cla, int ins, int p1, int p2, byte[] data, Scp03Host scp) {
        byte[] payload = data == null ? new byte[0] : data;
        int chunk = scp == null ? MAX_CHUNK : scp.maxPlainChunk();
        int off = 0;
        while (true) {
            int n = Math.min(chunk, payload.length - off);
            boolean last = off + n == payload.length;
            byte[] part = Arrays.copyOfRange(payload, off, off + n);
            int c = cla | (last ? 0 : 0x10);
            Response r = scp == null ? transmitCollect(encode(c, ins, p1, p2, part))
                    : scp.unwrap(transmitCollect(scp.wrap(c, ins, p1, p2, part)));
            Arrays.fill(part, (byte) 0);
            off += n;
            if (last || !r.ok()) {
                return r;
            }
        }
    }

    /** Sends one complete APDU (already encoded) and collects a chained response. */
    Response exchangeRaw(byte[] apdu) {
        return transmitCollect(apdu);
    }

    private Response transmitCollect(byte[] apdu) {
        byte[] resp = transmit(apdu);
        Arrays.fill(apdu, (byte) 0);
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        while (true) {
            int sw = sw(resp);
            acc.write(resp, 0, resp.length - 2);
            if ((sw & 0xFF00) != 0x6100) {
                return new Response(acc.toByteArray(), sw);
            }
            resp = transmit(new byte[] {0x00, (byte) 0xC0, 0x00, 0x00, (byte) sw});
        }
    }

    private byte[] transmit(byte[] apdu) {
        roundTrips++;
        byte[] resp = transport.transmit(apdu);
        if (resp == null || resp.length < 2) {
            throw new ApduTransportException("response shorter than a status word");
        }
        return resp;
    }

    private static int sw(byte[] resp) {
        return ((resp[resp.length - 2] & 0xFF) << 8) | (resp[resp.length - 1] & 0xFF);
    }

    /** Short APDU, Le = 00 always present. */
    static byte[] encode(int cla, int ins, int p1, int p2, byte[] data) {
        if (data.length > MAX_LC) {
            throw new IllegalArgumentException("command data longer than a short APDU");
        }
        byte[] apdu = new byte[data.length == 0 ? 5 : 6 + data.length];
        apdu[0] = (byte) cla;
        apdu[1] = (byte) ins;
        apdu[2] = (byte) p1;
        apdu[3] = (byte) p2;
        if (data.length == 0) {
            apdu[4] = 0;
        } else {
            apdu[4] = (byte) data.length;
            System.arraycopy(data, 0, apdu, 5, data.length);
            apdu[apdu.length - 1] = 0;
        }
        return apdu;
    }
}
