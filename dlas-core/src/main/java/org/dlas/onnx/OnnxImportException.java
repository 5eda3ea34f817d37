package org.dlas.onnx;

import org.dlas.ir.IrException;

/** An ONNX model dlas cannot import; the message names the node and what is wrong with it. */
public class OnnxImportException extends IrException {
    public OnnxImportException(String message) { super(message); }

    public OnnxImportException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
