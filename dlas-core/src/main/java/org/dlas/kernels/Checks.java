package org.dlas.kernels;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Argument checks shared by the primitives' prepare methods. */
final class Checks {
    private Checks() {}

    /** @param biasLength -1 when there is no bias */
    static void weights(ConvSpec spec, int weightLength, int biasLength) {
        if (weightLength != spec.weightCount()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "weights have " + weightLength + " values, expected K*C/groups*R*S = "
                    + spec.outChannels() + "*" + spec.inPerGroup() + "*" + spec.kernelH() + "*" + spec.kernelW()
                    + " = " + spec.weightCount());
        }
        if (biasLength >= 0 && biasLength != spec.outChannels()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "bias has " + biasLength + " values, expected " + spec.outChannels());
        }
    }

    static void fp32(ConvSpec spec, float[] weights, float[] bias) {
        if (spec == null || weights == null) throw new NullPointerException("spec and weights are required");
        weights(spec, weights.length, bias == null ? -1 : bias.length);
    }

    static void int8(ConvSpec spec, byte[] weights, int[] bias) {
        if (spec == null || weights == null) throw new NullPointerException("spec and weights are required");
        weights(spec, weights.length, bias == null ? -1 : bias.length);
    }

    static void zeroPoint(int zp) {
        if (zp < -128 || zp > 127) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "int8 zero point out of range: " + zp);
    }
}
