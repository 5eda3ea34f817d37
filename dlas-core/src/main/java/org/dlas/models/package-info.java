/**
 * The model zoo ({@link org.dlas.models.ModelZoo}): five small classifiers for 1x28x28 images,
 * trained deterministically on first use and cached on disk in the {@link org.dlas.models.ModelIO}
 * format.
 */
package org.dlas.models;
