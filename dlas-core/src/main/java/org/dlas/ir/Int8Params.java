package org.dlas.ir;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * int8 post-training quantisation of one conv/dense layer: weights int8 symmetric per output
 * channel, input activations int8 asymmetric per tensor (range calibrated on a calibration split).
 * The layer computes in int8 with int32 accumulation and dequantises its output to fp32:
 * {@code y[k] = inputScale * weightScales[k] * acc[k]}, where {@code acc[k]} includes the int32
 * bias {@code round(bias[k] / (inputScale * weightScales[k]))} (the fp32 bias of the layer).
 */
public record Int8Params(byte[] weights, float[] weightScales, float inputScale, int inputZeroPoint) {
    public Int8Params {
        if (inputScale <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "input scale must be > 0, got " + inputScale);
        if (inputZeroPoint < -128 || inputZeroPoint > 127) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "zero point out of int8 range: " + inputZeroPoint);
    }
}
