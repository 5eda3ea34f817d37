package org.dlas.ir;

/** A malformed model: names the node and what is wrong with it. */
public class IrException extends RuntimeException {
    public IrException(String message) { super(message); }
}
