/**
 * Sweep files: what a sweep varies on each layer of the stack and how each point is measured.
 *
 * <p>A sweep file is a YAML mapping:
 * <pre>{@code
 * name: quickstart                 # required, [a-z0-9_-]+
 * include: common.yaml             # optional: path or list of paths relative to this file; their keys are
 *                                  # defaults this file overrides (whole key, except measure: per key)
 * dataset: fashion-mnist           # optional, default fashion-mnist
 * model: [lenet, resnet]           # required; each axis: one choice or a list (a list is an axis of the sweep)
 * compression:                     # required
 *   - none
 *   - {name: prune, sparsity: 0.5} # a choice: a name, or {name: ..., <param>: ...}
 *   - {name: int8}
 * primitive: [direct, gemm, {name: bsr, block_rows: 4, block_cols: 4}]   # required
 * codegen: none                    # optional, default none
 * hardware: jvm                    # required
 * measure: {warmup: 2, repeats: 10, test_images: 1000, batch: 1, seed: 42, timeout_s: 600, calibration_images: 200}
 * output: out/quickstart           # default out/<name>, relative to the current directory
 * exclude:                         # points matching any rule are skipped, with the rule as reason
 *   - {primitive: winograd, compression: int8}
 *   - {model: resnet, primitive: [csr, bsr]}   # a list means any of
 * only:                            # if present, points matching no rule are skipped
 *   - {hardware: jvm}
 * }</pre>
 *
 * <p>Names and parameters on every axis (and in rules) are checked against a {@link
 * org.dlas.spec.ChoiceCatalog}; parameter defaults are filled in so that every {@link
 * org.dlas.spec.Point} carries all of them and its {@link org.dlas.spec.Point#hash() hash}
 * identifies the experiment independently of how it was written. A rule value is a name, a list
 * of names (any of), or {@code {name: x, <param>: v}}, which also requires the listed parameters
 * to be equal.
 *
 * <p>Entry points: {@link org.dlas.spec.SpecLoader#load} (throws {@link
 * org.dlas.spec.SpecException} with every {@link org.dlas.spec.SpecError}), {@link
 * org.dlas.spec.SpecLoader#validate}, and {@link org.dlas.spec.SweepPlan#expand}, which lists
 * every point in axis order (hardware fastest) with the reason it is skipped, if it is.
 *
 * <p>Files are read by a streaming YAML parser into a located tree of plain values; no YAML tag
 * can instantiate a class, and tags are rejected. Limits: 1 MiB per file, 64 levels of nesting,
 * 100,000 values counting alias expansions. Duplicate keys, unknown keys, wrong types, values out
 * of range, unknown names, missing or cyclic includes are all errors, each reported with file,
 * line, column and key path, with a "did you mean" suggestion for near misses. The full format is
 * described in {@code configs/README.md} at the top of the repository.
 */
package org.dlas.spec;
