package org.dlas.fpga;

import java.util.Map;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.spec.Choice;

/** The trained zoo lenet (Fashion-MNIST, cached) quantised to int8 on real calibration images. */
final class Lenet {
    private Lenet() { }

    private static Graph int8;
    private static DatasetSplits data;

    static synchronized DatasetSplits data() {
        if (data == null) data = Datasets.load(Datasets.FASHION_MNIST);
        return data;
    }

    static synchronized Graph int8() {
        if (int8 == null) {
            Dataset calib = data().calibration().take(200);
            int8 = Compressions.apply(ModelZoo.trained("lenet"), new Choice("int8", Map.of()),
                    new CalibrationData(calib.images(), calib.size()));
        }
        return int8;
    }

    static Dataset test(int n) { return data().test().take(n); }
}
