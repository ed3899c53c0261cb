package org.convnet4j.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The step size of every training step, and for one-cycle also the momentum (Adam's {@code beta1},
 * or {@link Momentum}'s momentum). Steps count from 0. Every schedule but {@link ReduceOnPlateau}
 * depends on the step alone, so an optimizer restored with its step count continues it exactly;
 * {@link ReduceOnPlateau} depends on the validation accuracies of the epochs so far, which a resumed
 * run replays into it ({@link #epochEnded}).
 *
 * <p>Schedules are written as text on the command line and in checkpoints, {@code name} or {@code
 * name:key=value,key=value}, lengths in epochs; {@link #parse} turns the text into a schedule of a
 * run of known length. See {@link #HELP} for the names and keys.
 */
public sealed interface LearningRateSchedule {

  /** What {@code --schedule} accepts, one line per schedule. */
  String HELP =
      """
      constant: the learning rate at every step.
      exponential[:rate=R,every=E]: times R after every E epochs, in steps (TensorFlow's \
      ExponentialDecay, staircase); rate 0.75, every 1 by default.
      piecewise:at=E1;E2..,factors=F0;F1;F2..: times F0 for the first E1 epochs, F1 after them \
      until E2, and so on (Keras' PiecewiseConstantDecay, boundaries in epochs).
      cosine[:warmup=E,alpha=A]: linear warm-up from 0 over E epochs (default 0), then cosine \
      decay to A times the rate (default 0) at the last step (Keras' CosineDecay).
      one-cycle[:pct=0.3,div=25,final-div=1e4,three-phase=false,momentum=true,\
      base-momentum=0.85,max-momentum=0.95]: PyTorch's OneCycleLR with its defaults, the \
      learning rate being max_lr; cycles Adam's beta1 or the momentum unless momentum=false.
      plateau[:factor=0.1,patience=10,min-delta=1e-4,cooldown=0,min-lr=0]: Keras' \
      ReduceLROnPlateau with its defaults, on validation accuracy (patience in epochs).""";

  /** The step size of step {@code step}, counted from 0. */
  double learningRate(long step);

  /** The momentum of step {@code step}, or NaN to keep the optimizer's own. */
  default double momentum(long step) {
    return Double.NaN;
  }

  /** Hears an epoch's validation accuracy; only {@link ReduceOnPlateau} cares. */
  default void epochEnded(double validationAccuracy) {}

  /** The same step size at every step. */
  record Constant(double rate) implements LearningRateSchedule {
    public Constant {
      requirePositive("constant", "rate", rate);
    }

    @Override
    public double learningRate(long step) {
      return rate;
    }
  }

  /**
   * TensorFlow's {@code ExponentialDecay} with {@code staircase=True}: {@code initial *
   * rate^floor(step / everySteps)}.
   */
  record Exponential(double initial, double rate, long everySteps)
      implements LearningRateSchedule {
    public Exponential {
      requirePositive("exponential", "initial rate", initial);
      if (!(rate > 0 && rate <= 1) || everySteps < 1) {
        throw new IllegalArgumentException(
            "exponential: needs a rate in (0, 1] and at least 1 step, got %s every %d"
                .formatted(rate, everySteps));
      }
    }

    @Override
    public double learningRate(long step) {
      return initial * Math.pow(rate, step / everySteps);
    }
  }

  /**
   * Keras' {@code PiecewiseConstantDecay}: {@code values[0]} while {@code step <= boundaries[0]},
   * {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]}, the last value after
   * the last boundary.
   */
  record Piecewise(long[] boundaries, double[] values) implements LearningRateSchedule {
    public Piecewise {
      if (values.length != boundaries.length + 1) {
        throw new IllegalArgumentException(
            "piecewise: needs one value more than boundaries, got %d boundaries and %d values"
                .formatted(boundaries.length, values.length));
      }
      for (int i = 0; i < boundaries.length; i++) {
        if (i > 0 && boundaries[i] <= boundaries[i - 1]) {
          throw new IllegalArgumentException(
              "piecewise: boundaries must increase, got " + Arrays.toString(boundaries));
        }
      }
      for (double v : values) {
        requirePositive("piecewise", "value", v);
      }
      boundaries = boundaries.clone();
      values = values.clone();
    }

    @Override
    public double learningRate(long step) {
      int i = 0;
      while (i < boundaries.length && step > boundaries[i]) {
        i++;
      }
      return values[i];
    }
  }

  /**
   * Keras' {@code CosineDecay} with {@code initial_learning_rate=0}, {@code warmup_target=peak}:
   * linear warm-up {@code peak * step / warmupSteps} for {@code step < warmupSteps}, then {@code
   * peak * ((1 - alpha) * (1 + cos(pi * min(step - warmupSteps, decaySteps) / decaySteps)) / 2 +
   * alpha)}.
   */
  record Cosine(double peak, long warmupSteps, long decaySteps, double alpha)
      implements LearningRateSchedule {
    public Cosine {
      requirePositive("cosine", "rate", peak);
      if (warmupSteps < 0 || decaySteps < 1 || !(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException(
            "cosine: needs warm-up >= 0 steps, decay >= 1 step and alpha in [0, 1], got %d, %d, %s"
                .formatted(warmupSteps, decaySteps, alpha));
      }
    }

    @Override
    public double learningRate(long step) {
      if (step < warmupSteps) {
        return peak * step / warmupSteps;
      }
      double done = Math.min(step - warmupSteps, decaySteps) / (double) decaySteps;
      double cosine = 0.5 * (1 + Math.cos(Math.PI * done));
      return peak * ((1 - alpha) * cosine + alpha);
    }
  }

  /**
   * PyTorch's {@code OneCycleLR} (Smith and Topin, 2017) with {@code anneal_strategy='cos'}. The
   * rate climbs from {@code maxRate / div} to {@code maxRate} over the first {@code pct * total - 1}
   * steps and falls to {@code maxRate / div / finalDiv} at step {@code total - 1}; with {@code
   * threePhase} it first falls back to {@code maxRate / div} by step {@code 2 * pct * total - 2}.
   * The momentum moves the other way between {@code maxMomentum} and {@code baseMomentum}. Each
   * phase from {@code start} to {@code end} anneals {@code end + (start - end) / 2 * (1 + cos(pi *
   * pct))}, {@code pct} the fraction of the phase done (PyTorch's {@code _annealing_cos}).
   *
   * @param cycleMomentum whether {@link #momentum} cycles (NaN otherwise)
   */
  record OneCycle(
      double maxRate,
      long totalSteps,
      double pct,
      double div,
      double finalDiv,
      boolean threePhase,
      boolean cycleMomentum,
      double baseMomentum,
      double maxMomentum)
      implements LearningRateSchedule {

    /** PyTorch's defaults besides the peak and the length. */
    public OneCycle(double maxRate, long totalSteps) {
      this(maxRate, totalSteps, 0.3, 25, 1e4, false, true, 0.85, 0.95);
    }

    public OneCycle {
      requirePositive("one-cycle", "rate", maxRate);
      requirePositive("one-cycle", "div", div);
      requirePositive("one-cycle", "final-div", finalDiv);
      if (totalSteps < 2 || !(pct > 0 && pct < 1)) {
        throw new IllegalArgumentException(
            "one-cycle: needs at least 2 steps and pct in (0, 1), got %d steps, pct %s"
                .formatted(totalSteps, pct));
      }
      if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum < 1)) {
        throw new IllegalArgumentException(
            "one-cycle: needs 0 <= base-momentum <= max-momentum < 1, got %s and %s"
                .formatted(baseMomentum, maxMomentum));
      }
    }

    @Override
    public double learningRate(long step) {
      double initial = maxRate / div;
      double[] ends = {maxRate, initial / finalDiv};
      double[] threeEnds = {maxRate, initial, initial / finalDiv};
      return anneal(step, initial, threePhase ? threeEnds : ends);
    }

    @Override
    public double momentum(long step) {
      if (!cycleMomentum) {
        return Double.NaN;
      }
      double[] ends = {baseMomentum, maxMomentum};
      double[] threeEnds = {baseMomentum, maxMomentum, maxMomentum};
      return anneal(step, maxMomentum, threePhase ? threeEnds : ends);
    }

    // PyTorch's get_lr: the phases end at steps pct*total - 1, (2*pct*total - 2,) total - 1; the
    // first phase whose end is not passed (or the last) anneals from the previous end.
    private double anneal(long step, double start, double[] ends) {
      double[] endSteps =
          threePhase
              ? new double[] {pct * totalSteps - 1, 2 * pct * totalSteps - 2, totalSteps - 1}
              : new double[] {pct * totalSteps - 1, totalSteps - 1};
      double startStep = 0;
      double from = start;
      for (int i = 0; i < ends.length; i++) {
        if (step <= endSteps[i] || i == ends.length - 1) {
          double done = (step - startStep) / (endSteps[i] - startStep);
          return ends[i] + (from - ends[i]) / 2 * (Math.cos(Math.PI * done) + 1);
        }
        startStep = endSteps[i];
        from = ends[i];
      }
      throw new AssertionError("the last phase always answers");
    }
  }

  /**
   * Keras' {@code ReduceLROnPlateau} on validation accuracy ({@code mode='max'}): an epoch improves
   * when its accuracy exceeds the best so far by more than {@code minDelta}; after {@code patience}
   * epochs without improvement the rate is multiplied by {@code factor} (not below {@code
   * minRate}), then {@code cooldown} epochs pass before epochs count again.
   */
  final class ReduceOnPlateau implements LearningRateSchedule {
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minRate;
    private double rate;
    private double best = Double.NEGATIVE_INFINITY;
    private int wait;
    private int cooldownLeft;

    /** Keras' defaults: factor 0.1, patience 10, min delta 1e-4, cooldown 0, min rate 0. */
    public ReduceOnPlateau(double initial) {
      this(initial, 0.1, 10, 1e-4, 0, 0);
    }

    public ReduceOnPlateau(
        double initial, double factor, int patience, double minDelta, int cooldown, double minRate) {
      requirePositive("plateau", "initial rate", initial);
      if (!(factor > 0 && factor < 1) || patience < 0 || !(minDelta >= 0) || cooldown < 0) {
        throw new IllegalArgumentException(
            "plateau: needs factor in (0, 1), patience, min-delta and cooldown >= 0, got"
                + " %s, %d, %s, %d".formatted(factor, patience, minDelta, cooldown));
      }
      if (!(minRate >= 0)) {
        throw new IllegalArgumentException("plateau: min-lr must be >= 0, got " + minRate);
      }
      this.factor = factor;
      this.patience = patience;
      this.minDelta = minDelta;
      this.cooldown = cooldown;
      this.minRate = minRate;
      this.rate = initial;
    }

    @Override
    public double learningRate(long step) {
      return rate;
    }

    // Keras' on_epoch_end, step for step.
    @Override
    public void epochEnded(double validationAccuracy) {
      if (cooldownLeft > 0) {
        cooldownLeft--;
        wait = 0;
      }
      if (validationAccuracy - minDelta > best) {
        best = validationAccuracy;
        wait = 0;
      } else if (cooldownLeft == 0) {
        wait++;
        if (wait >= patience && rate > (float) minRate) {
          rate = Math.max(rate * factor, minRate);
          cooldownLeft = cooldown;
          wait = 0;
        }
      }
    }
  }

  /**
   * The schedule {@code text} describes (see {@link #HELP}) for a run of {@code totalSteps} steps
   * of {@code stepsPerEpoch}, starting from (or, for one-cycle, peaking at) {@code rate}.
   *
   * @throws IllegalArgumentException naming the schedule and what was wrong
   */
  static LearningRateSchedule parse(String text, double rate, int stepsPerEpoch, long totalSteps) {
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
    ScheduleText o = new ScheduleText(name, colon < 0 ? "" : trimmed.substring(colon + 1));
    LearningRateSchedule schedule =
        switch (name) {
          case "constant" -> new Constant(rate);
          case "exponential" ->
              new Exponential(
                  rate,
                  o.number("rate", 0.75),
                  Math.max(1, Math.round(o.number("every", 1) * stepsPerEpoch)));
          case "piecewise" -> {
            double[] at = o.numbers("at");
            long[] boundaries = new long[at.length];
            for (int i = 0; i < at.length; i++) {
              // Keras counts applied steps: step at * stepsPerEpoch, the first after those
              // epochs, must already take the next value.
              boundaries[i] = Math.round(at[i] * stepsPerEpoch) - 1;
            }
            double[] values = o.numbers("factors");
            for (int i = 0; i < values.length; i++) {
              values[i] *= rate;
            }
            yield new Piecewise(boundaries, values);
          }
          case "cosine" -> {
            long warmup = Math.round(o.number("warmup", 0) * stepsPerEpoch);
            yield new Cosine(
                rate, warmup, Math.max(1, totalSteps - warmup), o.number("alpha", 0));
          }
          case "one-cycle" ->
              new OneCycle(
                  rate,
                  totalSteps,
                  o.number("pct", 0.3),
                  o.number("div", 25),
                  o.number("final-div", 1e4),
                  o.flag("three-phase", false),
                  o.flag("momentum", true),
                  o.number("base-momentum", 0.85),
                  o.number("max-momentum", 0.95));
          case "plateau" ->
              new ReduceOnPlateau(
                  rate,
                  o.number("factor", 0.1),
                  (int) o.number("patience", 10),
                  o.number("min-delta", 1e-4),
                  (int) o.number("cooldown", 0),
                  o.number("min-lr", 0));
          default ->
              throw new IllegalArgumentException(
                  "schedule: expected constant, exponential, piecewise, cosine, one-cycle or"
                      + " plateau, got '%s'".formatted(text));
        };
    o.requireAllUsed();
    return schedule;
  }

  /**
   * Checks that {@code text} is a schedule {@link #parse} accepts, for a run of {@code epochs}.
   *
   * @throws IllegalArgumentException if it is not
   */
  static void validate(String text, int epochs) {
    parse(text, 1e-3, 100, 100L * epochs);
  }

  private static void requirePositive(String schedule, String what, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "%s: %s must be positive and finite, got %s".formatted(schedule, what, value));
    }
  }
}
