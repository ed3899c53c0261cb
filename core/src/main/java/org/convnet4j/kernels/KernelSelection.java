package org.convnet4j.kernels;

import java.util.Locale;

/** Resolves {@link Kernels#active()} once, from the {@value Kernels#PROPERTY} system property. */
final class KernelSelection {

  static final Kernels ACTIVE = select(System.getProperty(Kernels.PROPERTY, "vector"));

  private static final String VECTOR_CLASS = "org.convnet4j.kernels.vector.VectorKernels";

  private KernelSelection() {}

  static Kernels select(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "reference" -> new ReferenceKernels();
      case "vector" -> vectorOrReference();
      default ->
          throw new IllegalArgumentException(
              "%s: expected 'reference' or 'vector', got '%s'".formatted(Kernels.PROPERTY, name));
    };
  }

  // The fast kernels need the incubating jdk.incubator.vector module; without it (a JVM started
  // without --add-modules) the library still works, on the reference kernels.
  private static Kernels vectorOrReference() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      System.err.println(
          "convnet4j: jdk.incubator.vector is not enabled (--add-modules jdk.incubator.vector);"
              + " using the slow reference kernels");
      return new ReferenceKernels();
    }
    try {
      return (Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load " + VECTOR_CLASS, e);
    }
  }
}
