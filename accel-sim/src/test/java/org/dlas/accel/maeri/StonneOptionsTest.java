package org.dlas.accel.maeri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** STONNE's command line: each kind of bad argument is reported as its kind, at the option it concerns. */
class StonneOptionsTest {

    private static InvalidInputException rejected(String... args) {
        return assertThrows(InvalidInputException.class, () -> StonneOptions.parse(List.of(args)));
    }

    private static List<Object> kindAt(InvalidInputException e) { return List.of(e.kind(), e.location()); }

    @Test
    void badArgumentsAreTypedAndNameTheOption() {
        assertEquals(ErrorKind.MISSING, rejected().kind());
        assertEquals(ErrorKind.UNKNOWN_NAME, rejected("-CONVOLUTION").kind());
        assertEquals(ErrorKind.UNSUPPORTED, rejected("-SparseDense").kind());
        assertEquals(ErrorKind.BAD_FORMAT, rejected("-CONV", "R=3").kind());
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "ms_num"), kindAt(rejected("-CONV", "-ms_num=64")));
        assertEquals(List.of(ErrorKind.BAD_FORMAT, "num_ms"), kindAt(rejected("-CONV", "-num_ms=many")));
        assertEquals(List.of(ErrorKind.UNSUPPORTED, "mn_type"), kindAt(rejected("-CONV", "-mn_type=OS_MESH")));
        assertEquals(List.of(ErrorKind.UNSUPPORTED, "rn_type"), kindAt(rejected("-CONV", "-rn_type=FENETWORK")));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "dataflow"), kindAt(rejected("-SparseGEMM", "-dataflow=MK_STR_KN_STR")));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "KN_sparsity"), kindAt(rejected("-SparseGEMM", "-KN_sparsity=101")));
    }

    @Test
    void timingErrorsKeepTheirKindThroughTheOptionsPrefix() {
        StonneOptions bufferless = StonneOptions.parse(List.of("-CONV", "-accumulation_buffer=2"));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "accumulation_buffer"), kindAt(assertThrows(InvalidInputException.class, bufferless::timing)));
        StonneOptions odd = StonneOptions.parse(List.of("-CONV", "-num_ms=48"));
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, odd::timing).kind());
        StonneOptions mesh = StonneOptions.parse(List.of("-FC", "-mn_type=OS_MESH", "-rn_type=TEMPORALRN", "-mem_ctrl=TPU_OS_DENSE",
                "-ms_rows=4", "-ms_cols=4", "-dn_bw=16"));
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, mesh::meshCycles).kind());
    }
}
