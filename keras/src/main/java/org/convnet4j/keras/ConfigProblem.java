package org.convnet4j.keras;

/**
 * What is wrong with one part of a model file, before the file's name is known to the code that
 * finds it; {@link KerasModelFile} turns it into a {@link ModelFileException}.
 */
final class ConfigProblem extends RuntimeException {

  ConfigProblem(String problem) {
    super(problem, null, false, false);
  }
}
