package org.dlas.train;

import java.util.Arrays;

/**
 * Geometry of a convolution computed on "wide" rows, so that building im2col rows is one array
 * copy per (channel, kernel tap) and every arithmetic loop runs over same-index arrays, which the
 * JIT vectorises.
 *
 * <p>The zero-padded input is split into stride x stride phase planes, {@code P[a][b][i][j] =
 * padded[i*sh + a][j*sw + b]}, each {@code ws} wide. Output (oh, ow) at tap (r, q) reads phase
 * (r % sh, q % sw) at (oh + r / sh, ow + q / sw), so the im2col row of tap (r, q) is the phase
 * plane from offset {@code (r/sh)*ws + q/sw}, {@code oh * ws + ow} wide. Columns ow &gt;= outW of
 * each wide row are padding: ignored in the output, zero in gradients.
 */
final class WideConv {
    final int cin, h, w, kh, kw, sh, sw, ph, pw;
    final int outH, outW, hs, ws, nw, kc;

    WideConv(int cin, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        this.cin = cin;
        this.h = h;
        this.w = w;
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        outH = (h + 2 * ph - kh) / sh + 1;
        outW = (w + 2 * pw - kw) / sw + 1;
        ws = Math.max((w + 2 * pw + sw - 1) / sw, outW + (kw - 1) / sw);
        hs = outH + (kh - 1) / sh + 1;
        nw = outH * ws;
        kc = cin * kh * kw;
    }

    int phases() { return sh * sw; }

    /** Phase planes of channels src[row .. row+cin): phase[c * sh*sw + a*sw + b], hs*ws floats each. */
    void buildPhases(float[][] src, int row, float[][] phase) {
        for (int c = 0; c < cin; c++) {
            float[] x = src[row + c];
            for (int a = 0; a < sh; a++) {
                for (int b = 0; b < sw; b++) {
                    float[] p = phase[(c * sh + a) * sw + b];
                    for (int i = 0; i < hs; i++) {
                        int ih = i * sh + a - ph, o = i * ws;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(p, o, o + ws, 0f);
                            continue;
                        }
                        int base = ih * w;
                        if (sw == 1) {
                            // iw = j - pw valid for j in [pw, pw + w)
                            int lo = Math.min(ws, pw), hi = Math.min(ws, pw + w);
                            if (lo > 0) Arrays.fill(p, o, o + lo, 0f);
                            if (hi > lo) System.arraycopy(x, base + lo - pw, p, o + lo, hi - lo);
                            if (hi < ws) Arrays.fill(p, o + hi, o + ws, 0f);
                        } else {
                            for (int j = 0; j < ws; j++) {
                                int iw = j * sw + b - pw;
                                p[o + j] = iw >= 0 && iw < w ? x[base + iw] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Wide im2col rows: col[(c*kh + r)*kw + q] = nw values of phase (r%sh, q%sw) from (r/sh)*ws + q/sw. */
    void buildCol(float[][] phase, float[][] col) {
        for (int c = 0; c < cin; c++) {
            for (int r = 0; r < kh; r++) {
                for (int q = 0; q < kw; q++) {
                    float[] p = phase[(c * sh + r % sh) * sw + q % sw];
                    System.arraycopy(p, (r / sh) * ws + q / sw, col[(c * kh + r) * kw + q], 0, nw);
                }
            }
        }
    }

    /** Phase planes and wide im2col of channels src[row .. row+cin). */
    float[][] im2col(float[][] src, int row, Scratch sc, int phaseSlot, int colSlot) {
        float[][] phase = sc.rows(phaseSlot, cin * phases(), hs * ws);
        buildPhases(src, row, phase);
        float[][] col = sc.rows(colSlot, kc, nw);
        buildCol(phase, col);
        return col;
    }

    /** Copies the valid columns of wide rows wide[i] into compact rows dst[row + i] (outH*outW each). */
    void compact(float[][] wide, int rows, float[][] dst, int row) {
        for (int i = 0; i < rows; i++) {
            float[] s = wide[i], d = dst[row + i];
            if (ws == outW) {
                System.arraycopy(s, 0, d, 0, outH * outW);
            } else {
                for (int oh = 0; oh < outH; oh++) System.arraycopy(s, oh * ws, d, oh * outW, outW);
            }
        }
    }

    /** Compact rows src[row + i] into wide rows wide[i], zeros in the padding columns. */
    void widen(float[][] src, int row, int rows, float[][] wide) {
        for (int i = 0; i < rows; i++) {
            float[] s = src[row + i], d = wide[i];
            if (ws == outW) {
                System.arraycopy(s, 0, d, 0, outH * outW);
                continue;
            }
            for (int oh = 0; oh < outH; oh++) {
                System.arraycopy(s, oh * outW, d, oh * ws, outW);
                Arrays.fill(d, oh * ws + outW, (oh + 1) * ws, 0f);
            }
        }
    }
}
