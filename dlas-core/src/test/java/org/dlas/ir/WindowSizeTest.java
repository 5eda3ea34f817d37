package org.dlas.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.dlas.kernels.ConvSpec;

/**
 * A pooling window or convolution kernel taller or wider than its padded input gives no output and
 * is refused; (in + 2p - k) / s + 1 with Java's truncating division made such a layer one output
 * row, where ONNX Runtime and TVM (flooring) make none.
 */
class WindowSizeTest {

    @Test void poolingWindowTallerThanTheInput() {
        IrException e = assertThrows(IrException.class, () -> new Graph("g", List.of(Node.of("in", new Op.Input(2, 1, 6)),
                Node.of("pool", new Op.MaxPool(2, 2, 0), "in"))));
        assertTrue(e.getMessage().contains("pooling window 2x2 (padding 0x0) is larger than the input 2x1x6"), e.getMessage());
        Graph wide = new Graph("g", List.of(Node.of("in", new Op.Input(2, 1, 6)), Node.of("pool", new Op.MaxPool(1, 2, 1, 2, 0, 0), "in")));
        assertEquals(new Shape(2, 1, 3), wide.shape("pool"));
    }

    @Test void convolutionKernelTallerThanThePaddedInput() {
        ConvSpec s = new ConvSpec(1, 1, 3, 3, 2, 2, 0, 0, 1);
        assertEquals(0, s.outH(2));
        assertEquals(1, s.outH(3));
        float[] w = new float[9];
        assertThrows(IrException.class, () -> new Graph("g", List.of(Node.of("in", new Op.Input(1, 2, 5)),
                Node.of("conv", new Op.Conv2d(s, w, null, null), "in"))));
    }
}
