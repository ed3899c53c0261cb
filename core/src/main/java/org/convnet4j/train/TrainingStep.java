package org.convnet4j.train;

import java.util.List;
import java.util.function.Consumer;
import org.convnet4j.GradientTape;
import org.convnet4j.Ops;
import org.convnet4j.Tensor;
import org.convnet4j.Variable;
import org.convnet4j.data.Batch;
import org.convnet4j.internal.TensorAccess;
import org.convnet4j.nn.Sequential;
import org.convnet4j.ops.Workspace;
import org.convnet4j.optim.Optimizer;

/**
 * One training step: forward pass in training mode under a gradient tape, loss {@code
 * reduceMean(softmaxCrossEntropyWithLogits(labels, logits))}, gradients of every variable, one
 * optimizer update. The hot loop of training; the variables and the list of tensors to
 * differentiate by are fixed once here, and the arrays of the ops and gradients come from a {@link
 * Workspace} the step owns, so a step with the shapes of the previous one allocates next to
 * nothing. Public so that {@code convnet4j bench} times exactly the step training runs.
 */
public final class TrainingStep {

  /**
   * What a step measured.
   *
   * @param loss the batch's mean loss before the update
   * @param accuracy fraction of the batch classified right by the same forward pass
   */
  public record Result(float loss, float accuracy) {}

  private final Sequential model;
  private final Optimizer optimizer;
  private final List<Variable> variables;
  private final Tensor[] sources;
  private final Workspace workspace = new Workspace();

  /**
   * A step that trains {@code model}'s variables with {@code optimizer}; {@code null} for a step
   * that only {@linkplain #computeGradients computes gradients} (its {@link #run} then throws).
   */
  public TrainingStep(Sequential model, Optimizer optimizer) {
    this.model = model;
    this.optimizer = optimizer;
    this.variables = model.variables();
    this.sources = variables.stream().map(Variable::value).toArray(Tensor[]::new);
  }

  /**
   * Runs the step for {@code batch} as training step {@code step} (from 0, for dropout). When the
   * loss is NaN or infinite the variables are left as they were.
   *
   * @throws IllegalStateException if this step has no optimizer
   */
  public Result run(Batch batch, long step) {
    if (optimizer == null) {
      throw new IllegalStateException("training step: built without an optimizer, cannot run");
    }
    return forwardAndBackward(batch, step, gradients -> optimizer.apply(variables, gradients));
  }

  /**
   * The first half of {@link #run}: the forward pass and the gradients of the batch's mean loss,
   * copied into {@code into} (one array per variable, in {@link Sequential#variables()} order, each
   * of the variable's size), without updating anything. For data-parallel training, where the
   * gradients of several machines' batches are summed before one update. When the loss is NaN or
   * infinite, {@code into} is left as it was.
   *
   * @throws IllegalArgumentException if {@code into} does not fit the variables
   */
  public Result computeGradients(Batch batch, long step, float[][] into) {
    if (into.length != variables.size()) {
      throw new IllegalArgumentException(
          "training step: %d gradient arrays for %d variables"
              .formatted(into.length, variables.size()));
    }
    for (int i = 0; i < into.length; i++) {
      if (into[i].length != variables.get(i).size()) {
        throw new IllegalArgumentException(
            "training step: gradient array %d has %d values, variable %s has %d"
                .formatted(i, into[i].length, variables.get(i).name(), variables.get(i).size()));
      }
    }
    return forwardAndBackward(
        batch,
        step,
        gradients -> {
          for (int i = 0; i < gradients.length; i++) {
            System.arraycopy(TensorAccess.data(gradients[i]), 0, into[i], 0, into[i].length);
          }
        });
  }

  // The gradients live in the workspace: `use` must be done with them when it returns.
  private Result forwardAndBackward(Batch batch, long step, Consumer<Tensor[]> use) {
    model.setTrainingStep(step);
    // Every tensor of the step lives in the workspace and dies with it: only numbers leave.
    workspace.open();
    try {
      Tensor logits;
      Tensor loss;
      Tensor[] gradients = null;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(sources);
        logits = model.forward(batch.images(), true);
        loss = Ops.reduceMean(Ops.softmaxCrossEntropyWithLogits(batch.labels(), logits));
        if (Float.isFinite(loss.item())) {
          gradients = tape.gradient(loss, sources);
        }
      }
      if (gradients != null) {
        use.accept(gradients);
      }
      return new Result(loss.item(), Ops.accuracy(logits, batch.labels()).item());
    } finally {
      workspace.close();
    }
  }
}
