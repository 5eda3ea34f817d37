package org.dlas.ir;

/** Per-image activation shape: channels x height x width (a flattened vector is n x 1 x 1). */
public record Shape(int channels, int height, int width) {
    public Shape {
        long n = (long) channels * height * width; // size() is an int: refuse shapes it cannot count (1x100000x100000)
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new IrException("shape " + channels + "x" + height + "x" + width + " has " + n + " values per image, more than "
                    + Integer.MAX_VALUE);
        }
    }

    public int size() { return channels * height * width; }
    @Override public String toString() { return channels + "x" + height + "x" + width; }
}
