package org.dlas.robust;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

/** The trained lenet and real Fashion-MNIST images shared by the tests. */
final class Fixtures {
    private Fixtures() { }

    static Graph lenet() { return ModelZoo.trained("lenet"); }

    static Dataset test(int n) { return Datasets.load(Datasets.FASHION_MNIST).test().take(n); }

    static CalibrationData calibration(int n) {
        DatasetSplits s = Datasets.load(Datasets.FASHION_MNIST);
        Dataset c = s.calibration().take(n);
        return new CalibrationData(c.images(), c.size());
    }
}
