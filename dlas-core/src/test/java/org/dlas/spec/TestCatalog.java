package org.dlas.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small catalog for the spec tests, and helpers to write and load sweep files. */
final class TestCatalog {

    private TestCatalog() {}

    static final ChoiceCatalog CATALOG = MapChoiceCatalog.builder()
            .add(Axis.DATASET, "fashion-mnist")
            .add(Axis.DATASET, "mnist")
            .add(Axis.DATASET, "cifar10")
            .add(Axis.MODEL, "lenet")
            .add(Axis.MODEL, "resnet", ParamSpec.integer("depth", "number of layers", 18, 8, 50))
            .add(Axis.MODEL, "mobilenet", ParamSpec.number("width", "width multiplier", 1.0, 0.25, 2.0))
            .add(Axis.COMPRESSION, "none")
            .add(Axis.COMPRESSION, "prune",
                    ParamSpec.number("sparsity", "fraction of weights set to zero", null, 0.0, 1.0),
                    ParamSpec.oneOf("scope", "where the threshold is chosen", "layer", List.of("layer", "global")))
            .add(Axis.COMPRESSION, "int8")
            .add(Axis.PRIMITIVE, "direct")
            .add(Axis.PRIMITIVE, "gemm")
            .add(Axis.PRIMITIVE, "winograd")
            .add(Axis.PRIMITIVE, "csr")
            .add(Axis.PRIMITIVE, "bsr",
                    ParamSpec.integer("block_rows", "rows per block", 4, 1, 64),
                    ParamSpec.integer("block_cols", "columns per block", 4, 1, 64))
            .add(Axis.CODEGEN, "none")
            .add(Axis.CODEGEN, "tvm", ParamSpec.integer("opt_level", "optimisation level", 2, 0, 3))
            .add(Axis.HARDWARE, "jvm", ParamSpec.integer("threads", "worker threads", 1, 1, 256))
            .add(Axis.HARDWARE, "fpga",
                    ParamSpec.number("clock_mhz", "clock frequency", 200.0, 10, 1000),
                    ParamSpec.flag("simulate", "run in the simulator", true),
                    new ParamSpec("pe_grid", List.class, "processing-element grid", List.of(8, 8), null, null,
                            List.of()))
            .build();

    /** The minimal valid body used by many tests (5 lines). */
    static final String BASE = """
            name: t
            model: lenet
            compression: none
            primitive: direct
            hardware: jvm
            """;

    static Path write(Path dir, String fileName, String text) {
        try {
            Path p = dir.resolve(fileName);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestCatalog.class.getResource("/spec/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
