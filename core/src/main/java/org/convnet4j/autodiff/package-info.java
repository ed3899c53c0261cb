/**
 * Reverse-mode automatic differentiation: the tape that records ops and replays their gradient rules in reverse. Uses ops and below.
 */
package org.convnet4j.autodiff;
