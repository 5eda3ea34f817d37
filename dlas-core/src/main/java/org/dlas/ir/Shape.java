package org.dlas.ir;

/** Per-image activation shape: channels x height x width (a flattened vector is n x 1 x 1). */
public record Shape(int channels, int height, int width) {
    public int size() { return channels * height * width; }
    @Override public String toString() { return channels + "x" + height + "x" + width; }
}
