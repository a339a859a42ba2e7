package dev.kiln.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector species every SIMD kernel uses; loaded only when {@link Simd#ENABLED} is true. */
final class VectorKernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {}

    static String describe() {
        return SPECIES.vectorBitSize() + "-bit vectors (" + SPECIES.length() + " floats)";
    }
}
