package org.dlas.models;

import java.nio.file.Path;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.train.TrainRecipe;

/**
 * A zoo model trained on a data set: the graph (BatchNorm in inference form), its top-1 accuracy
 * on the data set's official test split, the recipe and its hash, the wall time training took
 * (when this model was trained, possibly by an earlier process), the cache file, and all metadata
 * stored with it.
 */
public record TrainedModel(String name, String dataset, Graph graph, double testTop1, double trainSeconds,
                           TrainRecipe recipe, String recipeHash, Path file, Map<String, String> metadata) { }
