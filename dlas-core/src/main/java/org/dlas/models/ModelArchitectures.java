package org.dlas.models;

import java.util.List;

import org.dlas.plugin.NamedPlugins;

/**
 * Every {@link ModelArchitecture} on the class path: dlas-core's services file lists the zoo
 * (lenet, vgg, resnet, mobilenetv2, densenet) and then the standard architectures; plug-ins follow.
 */
final class ModelArchitectures {
    private static final NamedPlugins<ModelArchitecture> REGISTRY =
            NamedPlugins.load(ModelArchitecture.class, ModelArchitectures.class.getClassLoader(), ModelArchitecture::name);

    private ModelArchitectures() { }

    /** The trained ones ({@code zoo}) or the untrained ones, in discovery order. */
    static List<ModelArchitecture> list(boolean zoo) {
        return REGISTRY.names().stream().map(n -> REGISTRY.shared(n).orElseThrow())
                .filter(a -> a.trainingRecipe().isPresent() == zoo).toList();
    }
}
