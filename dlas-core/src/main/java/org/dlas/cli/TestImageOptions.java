package org.dlas.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Option;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

/**
 * The {@code --images} and {@code --calibration} options of the commands that test a model on the
 * default data set and calibrate its int8 version (difftest, faults, mutate), and the images they
 * choose. A command with another default count passes it to the constructor.
 */
public final class TestImageOptions {
    @Option(names = "--images", converter = Counts.AtLeastOne.class, description = "test images (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--calibration", converter = Counts.AtLeastOne.class, description = "calibration images for int8 (default: ${DEFAULT-VALUE})")
    int calibration = 200;

    public TestImageOptions() { this(500); }

    public TestImageOptions(int images) { this.images = images; }

    /** Test images and int8 calibration images for {@code graph}, from disjoint splits. */
    public record Inputs(Dataset test, CalibrationData calibration) { }

    /**
     * The images {@code graph} runs on (see {@link ModelArgument#inputsFor}); says on {@code out}
     * when they are synthetic because the data set does not fit the model.
     */
    public Inputs load(Graph graph, PrintWriter out) {
        DatasetSplits data = Datasets.load(ModelZoo.DEFAULT_DATASET);
        Dataset test = ModelArgument.inputsFor(graph, data.test(), images, 1);
        Dataset calib = ModelArgument.inputsFor(graph, data.calibration(), calibration, 2);
        if (!test.name().equals(data.test().name())) out.println("testing on " + test.name());
        return new Inputs(test, new CalibrationData(calib.images(), calib.size()));
    }
}
