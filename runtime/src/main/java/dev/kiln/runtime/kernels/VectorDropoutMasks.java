package dev.kiln.runtime.kernels;

import dev.kiln.runtime.Rng;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD inverted-dropout masks: SplitMix64 computed in 64-bit lanes, each draw giving two mask entries, so
 * one vector of draws fills one vector of floats. Bit-identical to {@link ScalarDropoutMasks}.
 */
final class VectorDropoutMasks {

    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, S.vectorShape());

    /**
     * Whether the lanes pay. The loop multiplies 64-bit lanes, one instruction with AVX-512 (vpmullq); AVX2
     * has no 64-bit lane multiply, so on narrower vectors the scalar loop (still split over threads) is
     * used rather than an emulated product.
     */
    static final boolean ENABLED = S.vectorBitSize() >= 512;

    private VectorDropoutMasks() {}

    /** As {@link ScalarDropoutMasks#fill}: the entries of draws {@code [fromDraw, toDraw)}. */
    static void fill(long start, float[] mask, int count, float rate, float keep, int fromDraw, int toDraw) {
        int lanes = L.length();
        // Whole vectors only where both entries of every draw are inside the mask.
        int whole = Math.min(toDraw, count / 2);
        int bound = fromDraw + Math.max(0, (whole - fromDraw) / lanes * lanes);
        LongVector counter = LongVector.broadcast(L, start)
                .add(LongVector.zero(L).addIndex(1).add(fromDraw + 1L).mul(Rng.GAMMA));
        LongVector stride = LongVector.broadcast(L, lanes * Rng.GAMMA);
        FloatVector kept = FloatVector.broadcast(S, keep);
        FloatVector zero = FloatVector.zero(S);
        for (int j = fromDraw; j < bound; j += lanes) {
            LongVector z = counter;
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            // Low half of each lane: the top 24 bits (entry 2j); high half: the low 24 bits (entry 2j + 1).
            // Reinterpretation is little-endian, so the halves become int lanes 2k and 2k + 1 in that order.
            LongVector pair = z.lanewise(VectorOperators.LSHR, 40)
                    .or(z.and(0xFFFFFFL).lanewise(VectorOperators.LSHL, 32));
            IntVector ints = pair.reinterpretAsInts();
            FloatVector u = ((FloatVector) ints.convert(VectorOperators.I2F, 0)).mul(0x1.0p-24f);
            VectorMask<Float> dropped = u.compare(VectorOperators.LT, rate);
            kept.blend(zero, dropped).intoArray(mask, 2 * j);
            counter = counter.add(stride);
        }
        ScalarDropoutMasks.fill(start, mask, count, rate, keep, bound, toDraw);
    }
}
