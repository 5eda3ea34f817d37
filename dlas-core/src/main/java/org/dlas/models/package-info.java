/**
 * The models the {@code model:} axis names, found as {@link org.dlas.models.ModelArchitecture}
 * plug-ins: the zoo ({@link org.dlas.models.ModelZoo}: five small classifiers for 1x28x28 images,
 * trained deterministically on first use and cached on disk in the {@link org.dlas.models.ModelIO}
 * format) and the standard architectures at their published size with seeded untrained weights
 * ({@link org.dlas.models.StandardArchitectures}).
 */
package org.dlas.models;
