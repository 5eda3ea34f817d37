package org.dlas.accel.systolic.scalesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv. */
public final class ScaleSimReports {
    private ScaleSimReports() { }

    public static void write(Path dir, List<ScaleSimReport> layers) throws IOException {
        StringBuilder compute = new StringBuilder(ScaleSimReport.COMPUTE_HEADER).append('\n');
        StringBuilder bandwidth = new StringBuilder(ScaleSimReport.BANDWIDTH_HEADER).append('\n');
        StringBuilder detail = new StringBuilder(ScaleSimReport.DETAIL_HEADER).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            compute.append(layers.get(i).computeRow(i)).append('\n');
            bandwidth.append(layers.get(i).bandwidthRow(i)).append('\n');
            detail.append(layers.get(i).detailRow(i)).append('\n');
        }
        Files.writeString(dir.resolve("COMPUTE_REPORT.csv"), compute);
        Files.writeString(dir.resolve("BANDWIDTH_REPORT.csv"), bandwidth);
        Files.writeString(dir.resolve("DETAILED_ACCESS_REPORT.csv"), detail);
    }
}
