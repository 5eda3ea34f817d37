package org.dlas.robust;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.dlas.cli.ModelCommand;
import org.dlas.cli.TestImageOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlas faults}: single-bit-flip fault injection in the weights of a zoo model, fp32 and int8. */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = {"Fault injection: seeded single-bit flips in the weights of one layer at a time, for each bit position of fp32 (0..31)",
                "and of the int8-quantised model (0..7); reports the top-1 accuracy drop per bit position and per layer.",
                "Writes bitflips.csv, bitflips-by-bit.png and bitflips.md."})
public final class FaultsCommand extends ModelCommand {
    @Mixin TestImageOptions imageOptions;
    @Option(names = "--trials", converter = org.dlas.cli.Counts.AtLeastOne.class, description = "flips per (layer, bit position) (default: ${DEFAULT-VALUE})") int trials = 3;
    @Option(names = "--seed", description = "seed choosing the flipped weights (default: ${DEFAULT-VALUE})") long seed = 1;
    @Option(names = "--primitive", description = "conv primitive running the model (default: ${DEFAULT-VALUE})") String primitive = "gemm";
    @Option(names = "--fp32-bits", split = ",", description = "fp32 bit positions (default: 0..31)") List<Integer> fp32Bits = new ArrayList<>();
    @Option(names = "--int8-bits", split = ",", description = "int8 bit positions (default: 0..7)") List<Integer> int8Bits = new ArrayList<>();
    @Option(names = "--no-int8", description = "study fp32 only") boolean noInt8;
    @Option(names = "--activations", description = "also flip bits of fp32 activations (one flip per image at the output of each conv/dense layer that cuts the graph)") boolean activations;
    @Option(names = "--output", description = "output directory (default: robust/faults-MODEL)") Path output;

    @Override public Integer call() throws Exception {
        PrintWriter out = out(), err = err();
        org.dlas.ir.Graph graph = model.load(err);
        if (graph == null) return 2;
        TestImageOptions.Inputs inputs = imageOptions.load(graph, out);
        BitFlipStudy study;
        try {
            study = new BitFlipStudy(graph, inputs.test(), inputs.calibration(), seed)
                    .trials(trials).primitive(primitive).activations(activations)
                    .fp32Bits(fp32Bits.isEmpty() ? IntStream.range(0, 32).toArray() : fp32Bits.stream().mapToInt(Integer::intValue).toArray())
                    .int8Bits(noInt8 ? new int[0] : int8Bits.isEmpty() ? IntStream.range(0, 8).toArray() : int8Bits.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        BitFlipStudy.Result r = study.run();
        Path dir = output != null ? output : Path.of("robust", "faults-" + model.stem());
        BitFlipStudy.write(r, dir);
        out.print(Files.readString(dir.resolve("bitflips.md")));
        out.println("written to " + dir.toAbsolutePath());
        out.flush();
        return 0;
    }
}
