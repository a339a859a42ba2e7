package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The processor names runtime classes as strings (it does not depend on the runtime, so that a build's
 * processor path stays small): every one must be a class the runtime really has, so that a rename fails this
 * build, not a user's. Method names are checked by compiling the golden trainers in {@link ProcessorTest}.
 */
class RuntimeTypesTest {

    @Test
    void everyRuntimeClassTheGeneratedCodeNamesExists() throws Exception {
        int checked = 0;
        for (Field f : RuntimeTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ClassName.class) {
                f.setAccessible(true);
                ClassName name = (ClassName) f.get(null);
                Class<?> c = Class.forName(name.reflectionName(), false, getClass().getClassLoader());
                assertEquals(name.canonicalName(), c.getCanonicalName(), f.getName());
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked + " names");
    }
}
