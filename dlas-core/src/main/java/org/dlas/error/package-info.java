/**
 * Typed errors for bad input: {@link org.dlas.error.InvalidInputException} with an {@link org.dlas.error.ErrorKind}
 * and a location, so callers and tests can tell kinds of bad input apart without reading message text.
 */
package org.dlas.error;
