package org.mjpki.ca.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.ContentSigner;

/**
 * Encodes a (possibly very large) X.509 v2 CRL with little garbage: each revoked-certificate entry
 * is DER-encoded once into a growing byte buffer as it streams in, and the signed CRL is assembled
 * from that buffer in one final array. Peak memory is about twice the CRL's size, independent of
 * how the entries are represented elsewhere (BC's X509v2CRLBuilder keeps an object tree per entry).
 */
final class CrlEncoder {
    private final X500Name issuer;
    private final Date thisUpdate;
    private final Date nextUpdate;
    private final byte[][] reasonExtensions = new byte[11][];
    private byte[] buffer = new byte[4096];
    private int size;
    private long count;

    CrlEncoder(X500Name issuer, Date thisUpdate, Date nextUpdate) {
        this.issuer = issuer;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
    }

    long count() { return count; }

    /** Adds an entry; {@code reasonCode} -1 (or 0, unspecified) for none, else an RFC 5280 CRLReason code. */
    void add(BigInteger serial, Date revocationDate, int reasonCode) {
        byte[] s = der(new ASN1Integer(serial));
        byte[] t = der(X509Time.of(revocationDate.toInstant()));
        byte[] ext = reasonCode > 0 ? reasonExtension(reasonCode) : null;
        int content = s.length + t.length + (ext == null ? 0 : ext.length);
        ensure(1 + lengthOfLength(content) + content);
        buffer[size++] = 0x30;
        size = writeLength(buffer, size, content);
        System.arraycopy(s, 0, buffer, size, s.length);
        size += s.length;
        System.arraycopy(t, 0, buffer, size, t.length);
        size += t.length;
        if (ext != null) {
            System.arraycopy(ext, 0, buffer, size, ext.length);
            size += ext.length;
        }
        count++;
    }

    /** Signs and returns the encoded CRL. */
    byte[] sign(Extensions crlExtensions, ContentSigner signer) {
        AlgorithmIdentifier alg = signer.getAlgorithmIdentifier();
        byte[] version = der(new ASN1Integer(1));
        byte[] algDer = der(alg);
        byte[] issuerDer = der(issuer);
        byte[] thisDer = der(X509Time.of(thisUpdate.toInstant()));
        byte[] nextDer = der(X509Time.of(nextUpdate.toInstant()));
        byte[] extDer = der(new DERTaggedObject(true, 0, crlExtensions));
        byte[] revokedHeader = size == 0 ? new byte[0] : header(0x30, size);
        int tbsContent = version.length + algDer.length + issuerDer.length + thisDer.length + nextDer.length
                + revokedHeader.length + size + extDer.length;
        byte[] tbsHeader = header(0x30, tbsContent);

        byte[] signature;
        try (OutputStream out = signer.getOutputStream()) {
            out.write(tbsHeader);
            for (byte[] part : new byte[][] {version, algDer, issuerDer, thisDer, nextDer, revokedHeader}) {
                out.write(part);
            }
            out.write(buffer, 0, size);
            out.write(extDer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign CRL", e);
        }
        signature = signer.getSignature();
        byte[] sigDer = der(new DERBitString(signature));
        int total = tbsHeader.length + tbsContent + algDer.length + sigDer.length;
        byte[] outerHeader = header(0x30, total);
        byte[] crl = new byte[outerHeader.length + total];
        int p = 0;
        for (byte[] part : new byte[][] {outerHeader, tbsHeader, version, algDer, issuerDer, thisDer, nextDer, revokedHeader}) {
            System.arraycopy(part, 0, crl, p, part.length);
            p += part.length;
        }
        System.arraycopy(buffer, 0, crl, p, size);
        p += size;
        buffer = null;                                      // let the entries go before the caller keeps the CRL
        for (byte[] part : new byte[][] {extDer, algDer, sigDer}) {
            System.arraycopy(part, 0, crl, p, part.length);
            p += part.length;
        }
        if (p != crl.length) {
            throw new IllegalStateException("CRL length mismatch");
        }
        return crl;
    }

    private byte[] reasonExtension(int code) {
        byte[] e = reasonExtensions[code];
        if (e == null) {
            try {
                Extension reason = new Extension(Extension.reasonCode, false,
                        new DEROctetString(new ASN1Enumerated(code).getEncoded(ASN1Encoding.DER)));
                e = der(new DERSequence(reason));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            reasonExtensions[code] = e;
        }
        return e;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            long want = Math.max((long) buffer.length * 3 / 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 64) {
                throw new IllegalStateException("CRL larger than 2 GB: use more partitions");
            }
            buffer = Arrays.copyOf(buffer, (int) want);
        }
    }

    private static byte[] der(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] header(int tag, int length) {
        byte[] h = new byte[1 + lengthOfLength(length)];
        h[0] = (byte) tag;
        writeLength(h, 1, length);
        return h;
    }

    private static int lengthOfLength(int length) {
        if (length < 0x80) return 1;
        if (length < 0x100) return 2;
        if (length < 0x10000) return 3;
        if (length < 0x1000000) return 4;
        return 5;
    }

    private static int writeLength(byte[] b, int p, int length) {
        int n = lengthOfLength(length);
        if (n == 1) {
            b[p++] = (byte) length;
            return p;
        }
        b[p++] = (byte) (0x80 | (n - 1));
        for (int i = n - 2; i >= 0; i--) {
            b[p++] = (byte) (length >>> (8 * i));
        }
        return p;
    }
}
