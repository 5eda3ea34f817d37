/**
 * Real labelled image data with no download at run time: Fashion-MNIST and MNIST read from the
 * official gzip IDX files shipped as classpath resources ({@link org.dlas.data.IdxReader}), split
 * into train (first 58,000 official training images), calibration (last 2,000) and test (official
 * 10,000), normalised with fixed constants ({@link org.dlas.data.Datasets}).
 */
package org.dlas.data;
