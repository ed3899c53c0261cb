#!/usr/bin/env python3
"""Tests peers_summary.py on a small sitting log whose JSON lines have the keys each program
prints (convnet4j bench, tfjava-train, seed_net.py, tfjava-keras, keras_json_net.py, and the
first-epoch line made from a train run's metrics.json). Expected ratios are hand arithmetic.
Run: python3 -m unittest discover -s bench -p 'test_*.py'"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_summary  # noqa: E402

LOG = """#### round 1
== 06:00:00 [tutorial convnet4j 2] ./convnet4j bench --threads 2
training, batch 128:     3,240 images/s
{"train_images_per_sec": 3240.0, "inference_images_per_sec": 12000.0, "latency_ms_median": 0.400, "threads": 2}
== 06:00:30 [tutorial convnet4j 1] ./convnet4j bench --threads 1
{"train_images_per_sec": 1700.0, "inference_images_per_sec": 6000.0, "latency_ms_median": 0.600, "threads": 1}
== 06:01:00 [tutorial TensorFlow 2] run.sh --data mnist
epoch 1: train_images_per_sec=1620.0
{"framework":"tf","epoch_results":[{"epoch":1,"train_images_per_sec":1620.0}],"train_images_per_sec":1620.0,"infer_images_per_sec":8000.0,"latency_median_ms":0.800}
== 06:02:00 [tutorial convnet4j-train 2] train_first_epoch
test accuracy 98.90 %
{"first_epoch_images_per_sec": 2430.0, "first_epoch_seconds": 22.2, "test_accuracy": 0.989}
== 06:03:00 [tutorial PyTorch 2] seed_net.py --threads 2
{"epochs": [{"epoch": 1, "train_images_per_s": 1458.0}], "train_images_per_s": 1458.0, "inference_images_per_s": 2700.0, "latency_ms_median": 1.0}
== 06:04:00 [tutorial PyTorch 1] seed_net.py --threads 1
{"epochs": [{"epoch": 1, "train_images_per_s": 850.0}], "train_images_per_s": 850.0, "inference_images_per_s": 1500.0, "latency_ms_median": 1.6}
== 06:05:00 [keras-cifar10-cnn.json convnet4j 2] ./convnet4j bench --model-file keras-cifar10-cnn.json
{"train_images_per_sec": 1000.0, "inference_images_per_sec": 4000.0, "latency_ms_median": 0.500}
== 06:05:30 [keras-cifar10-cnn.json TensorFlow 2] run.sh --model keras-cifar10-cnn.json
{"train_images_per_sec": 1250.0, "inference_images_per_sec": 4646.0, "latency_ms_median": 0.625}
== 06:06:00 [keras-cifar10-cnn.json PyTorch 2] keras_json_net.py keras-cifar10-cnn.json
Traceback (most recent call last):
RuntimeError: out of memory
#### round 2
== 06:07:00 [keras-cifar10-cnn.json convnet4j 2] ./convnet4j bench --model-file keras-cifar10-cnn.json
{"train_images_per_sec": 2000.0, "inference_images_per_sec": 5000.0, "latency_ms_median": 0.250}
== 06:07:30 [keras-cifar10-cnn.json PyTorch 2] keras_json_net.py keras-cifar10-cnn.json
{"not the last JSON line": 1}
{"train_images_per_sec": 800.0, "inference_images_per_sec": 1000.0, "latency_ms_median": 1.0}
not JSON {
== 06:08:00 done
"""


class PeersSummaryTest(unittest.TestCase):
    def setUp(self):
        self.runs = peers_summary.parse(LOG.splitlines())
        self.rows = {(r, n, t, f): v for r, n, t, f, v in peers_summary.table(self.runs)}

    def test_each_header_is_one_run_with_its_last_json_line(self):
        self.assertEqual(len(self.runs), 11)
        self.assertEqual(self.runs[0][:4], (1, "tutorial", "convnet4j", 2))
        last = self.runs[-1]
        self.assertEqual(last[:4], (2, "keras-cifar10-cnn.json", "PyTorch", 2))
        self.assertEqual(last[4]["train_images_per_sec"], 800.0)

    def test_a_run_without_json_is_reported_not_counted(self):
        self.assertIsNone(self.runs[8][4])
        self.assertNotIn("PyTorch", self.rows[(1, "keras-cifar10-cnn.json", 2, "training")])
        self.assertIn("no JSON line (failed or interrupted): round 1: keras-cifar10-cnn.json PyTorch 2",
                      peers_summary.render(self.runs))

    def test_the_programs_keys_map_to_one_figure(self):
        self.assertEqual(self.rows[(1, "tutorial", 2, "inference")],
                         {"convnet4j": 12000.0, "TensorFlow": 8000.0, "PyTorch": 2700.0})
        self.assertEqual(self.rows[(1, "tutorial", 2, "latency")],
                         {"convnet4j": 0.4, "TensorFlow": 0.8, "PyTorch": 1.0})
        self.assertEqual(self.rows[(1, "tutorial", 2, "first epoch")],
                         {"TensorFlow": 1620.0, "convnet4j": 2430.0, "PyTorch": 1458.0})
        self.assertEqual(self.rows[(1, "tutorial", 1, "training")],
                         {"convnet4j": 1700.0, "PyTorch": 850.0})
        # seed_net.py's one-thread run has a first epoch; convnet4j's one-thread bench has none
        self.assertNotIn((1, "tutorial", 1, "first epoch"), self.rows)

    def test_ratio_is_against_the_fastest_peer(self):
        # 3240 / max(1620, 1458) = 2.0; latency 0.4 / min(0.8, 1.0) = 0.5; first epoch 2430 / 1620 = 1.5
        self.assertEqual(peers_summary.ratio("training", self.rows[(1, "tutorial", 2, "training")]),
                         (2.0, "TensorFlow"))
        self.assertEqual(peers_summary.ratio("latency", self.rows[(1, "tutorial", 2, "latency")]),
                         (0.5, "TensorFlow"))
        self.assertEqual(peers_summary.ratio("first epoch", self.rows[(1, "tutorial", 2, "first epoch")]),
                         (1.5, "TensorFlow"))
        # round 2 has PyTorch alone: 2000 / 800 = 2.5
        self.assertEqual(peers_summary.ratio("training", self.rows[(2, "keras-cifar10-cnn.json", 2, "training")]),
                         (2.5, "PyTorch"))
        self.assertEqual(peers_summary.ratio("training", {"convnet4j": 1.0}), (None, None))

    def test_render_writes_one_row_per_figure(self):
        text = peers_summary.render(self.runs)
        self.assertIn("| 1 | tutorial | 2 | training images/s | 3,240 | 1,620 | 1,458 | 2.00x (TensorFlow) |", text)
        self.assertIn("| 1 | tutorial | 2 | latency ms (less is better) | 0.400 | 0.800 | 1.000 | 0.50x (TensorFlow) |",
                      text)
        self.assertIn("| 2 | keras-cifar10-cnn.json | 2 | inference images/s | 5,000 | - | 1,000 | 5.00x (PyTorch) |",
                      text)

    def test_first_epoch_line_reads_metrics_json(self):
        metrics = {"epochs": [{"epoch": 1, "images_per_second": 2430.5, "seconds": 22.2},
                              {"epoch": 2, "images_per_second": 3000.0, "seconds": 18.0}],
                   "test_accuracy": 0.989, "step_loss": [2.3, 0.1]}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "metrics.json")
            with open(path, "w") as f:
                json.dump(metrics, f)
            self.assertEqual(json.loads(peers_summary.first_epoch_line(path)),
                             {"first_epoch_images_per_sec": 2430.5, "first_epoch_seconds": 22.2,
                              "test_accuracy": 0.989})

    def test_first_epoch_line_of_a_run_stopped_inside_it_has_no_figure(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "metrics.json")
            with open(path, "w") as f:
                json.dump({"epochs": [], "test_accuracy": 0.5}, f)
            line = json.loads(peers_summary.first_epoch_line(path))
        self.assertIsNone(line["first_epoch_images_per_sec"])
        self.assertEqual(peers_summary.figures("convnet4j-train", line), {})

    def test_a_header_without_three_fields_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "NETWORK PROGRAM THREADS"):
            peers_summary.parse(["== 06:00:00 [tutorial convnet4j] x"])


if __name__ == "__main__":
    unittest.main()
