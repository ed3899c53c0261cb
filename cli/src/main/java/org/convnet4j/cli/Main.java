package org.convnet4j.cli;

/** Entry point of the {@code convnet4j} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("convnet4j: the command line is not there yet (issue 2 and 3)");
    System.exit(2);
  }
}
