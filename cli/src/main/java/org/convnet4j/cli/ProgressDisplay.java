package org.convnet4j.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.convnet4j.cli.report.EvaluationTables;
import org.convnet4j.train.EpochMetrics;
import org.convnet4j.train.Evaluation;
import org.convnet4j.train.StepMetrics;
import org.convnet4j.train.TrainingListener;
import org.convnet4j.train.TrainingPlan;

/**
 * Shows training as it goes: on a terminal a progress bar with the latest loss, accuracy, images
 * per second and the ETA; elsewhere (a log file, a CI job) a plain line at every {@value
 * #PLAIN_LINES}th of the run. Either way, one line per epoch.
 */
final class ProgressDisplay implements TrainingListener, AutoCloseable {

  /** Plain-text progress lines per run. */
  static final int PLAIN_LINES = 20;

  private final PrintWriter out;
  private final boolean terminal;
  private TrainingPlan plan;
  private long firstStep;
  private long totalSteps;
  private long startNanos;
  private int plainLinesShown;
  private ProgressBar bar;

  /**
   * @param out where the lines go
   * @param terminal true to draw a progress bar, which needs a terminal that understands carriage
   *     returns, on standard output
   */
  ProgressDisplay(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Whether standard output is an interactive terminal. */
  static boolean standardOutputIsTerminal() {
    return System.console() != null && System.console().isTerminal();
  }

  @Override
  public void onMessage(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void onStart(TrainingPlan plan) {
    this.plan = plan;
    this.firstStep = (long) (plan.firstEpoch() - 1) * plan.stepsPerEpoch();
    this.totalSteps = plan.remainingSteps();
    this.startNanos = System.nanoTime();
    out.printf(
        "training epochs %d to %d: %,d steps of %d images (%,d training images)%s%n",
        plan.firstEpoch(),
        plan.epochs(),
        totalSteps,
        plan.batchSize(),
        plan.trainingExamples(),
        sinceCommandStart());
    out.flush();
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(totalSteps)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(500)
              .setConsumer(new ConsoleProgressBarConsumer(System.out))
              .build();
    }
  }

  // How long reading the data, building the model and warming up took before the first step, from
  // the command's start, which is how a user would time it.
  private static String sinceCommandStart() {
    return String.format(
        Locale.ROOT,
        ", first step %.1f s after the command started",
        Duration.between(CommandStart.instant(), Instant.now()).toMillis() / 1000.0);
  }

  @Override
  public void onStep(StepMetrics step) {
    long done = step.step() - firstStep;
    if (bar != null) {
      // Short, so that it fits beside the bar on an 80-column terminal.
      bar.stepTo(done);
      bar.setExtraMessage(
          "loss %.3f acc %.1f%% %,.0f img/s"
              .formatted(step.loss(), 100 * step.accuracy(), step.imagesPerSecond()));
    } else if (done * PLAIN_LINES >= (plainLinesShown + 1) * totalSteps) {
      String status =
          "loss %.4f, accuracy %.1f %%, %,.0f images/s"
              .formatted(step.loss(), 100 * step.accuracy(), step.imagesPerSecond());
      plainLinesShown = (int) (done * PLAIN_LINES / totalSteps);
      out.printf(
          "step %,d/%,d (epoch %d/%d): %s, ETA %s%n",
          done, totalSteps, step.epoch(), plan.epochs(), status, eta(done));
      out.flush();
    }
  }

  @Override
  public void onEpoch(EpochMetrics epoch) {
    if (bar != null) {
      // Clear the bar's line; it draws itself again below on its next update.
      out.print("\r\033[2K");
    }
    out.printf(
        "epoch %d/%d: training loss %.4f, validation accuracy %s, %,.0f images/s, %.1f s%n",
        epoch.epoch(),
        plan.epochs(),
        epoch.trainLoss(),
        EvaluationTables.percent(epoch.validationAccuracy()),
        epoch.imagesPerSecond(),
        epoch.seconds());
    out.flush();
  }

  @Override
  public void onTestEvaluation(Evaluation test) {
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private String eta(long done) {
    long elapsed = System.nanoTime() - startNanos;
    Duration left = Duration.ofNanos((long) ((double) elapsed / done * (totalSteps - done)));
    return left.toHours() > 0
        ? "%dh%02dm".formatted(left.toHours(), left.toMinutesPart())
        : "%dm%02ds".formatted(left.toMinutes(), left.toSecondsPart());
  }
}
