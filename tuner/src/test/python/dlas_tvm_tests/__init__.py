"""Tests of the dlas_tvm build package (run by DlasTvmPythonTest with the bundled interpreter)."""
