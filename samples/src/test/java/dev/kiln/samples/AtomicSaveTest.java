package dev.kiln.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.Rng;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process in the middle of saving (SIGKILL at random moments while it saves a 2.8 MB checkpoint in a
 * loop) and checks that the file left behind always loads and holds one whole save: all parameters 1 or all 2,
 * never a mix and never a broken file.
 */
class AtomicSaveTest {

    @TempDir
    Path dir;

    @Test
    void killingTheProcessMidSaveLeavesTheOldOrTheNewFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Rng rng = new Rng(17);
        for (int round = 0; round < 6; round++) {
            Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.equals("saved"));
                assertEquals("saved", line, "the child saved once");
                Thread.sleep(20 + rng.nextInt(400));
                child.destroyForcibly().waitFor();
            }
            FashionMlpModel loaded = FashionMlpModel.load(file);
            float first = loaded.parameters().get(0).values()[0];
            for (Parameter p : loaded.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    assertEquals(first, p.values()[p.offset() + i], "one whole save, not a mix: " + p.name());
                }
            }
            assertTrue(first == 1f || first == 2f, "value " + first);
        }
    }
}
