"""dlbook: the reference package of the executable deep-learning textbook.

Only what the book teaches, in subpackages by concept (never by chapter). Module
paths are public: chapters embed them, labs and readers' notebooks import them.

- :mod:`dlbook.nn.activations`     -- sigmoid, tanh, ReLU, step, identity and their derivatives (ch. 2)
- :mod:`dlbook.nn.perceptron`      -- one perceptron, its decision boundary, the learning rule (ch. 2)
- :mod:`dlbook.nn.layers`          -- dense layers, forward propagation, the XOR network (ch. 2)
- :mod:`dlbook.nn.losses`          -- MSE, binary and softmax cross-entropy in stable forms (ch. 3)
- :mod:`dlbook.nn.regularization`  -- inverted dropout, the L2 penalty (ch. 6)
- :mod:`dlbook.nn.embedding`       -- one-hot encoding, the embedding lookup and its scatter-add gradient (ch. 7)
- :mod:`dlbook.nn.rnn`             -- the RNN cell and layer in numpy and torch, identity init, an RNN language model (ch. 7)
- :mod:`dlbook.nn.sampling`        -- sampling with temperature, perplexity, generating text (ch. 7, 9)
- :mod:`dlbook.nn.gated`           -- LSTM and GRU cells from their gate equations, and torch's weight layout (ch. 9)
- :mod:`dlbook.nn.attention`       -- scaled dot-product attention, masks, multi-head attention (ch. 10)
- :mod:`dlbook.nn.transformer`     -- positional encoding, the pre-norm block, a tiny LM, sampling (ch. 10)
- :mod:`dlbook.nn.conv`            -- convolution from scratch: loops, im2col, backward, edge filters (ch. 11)
- :mod:`dlbook.nn.pooling`         -- max and average pooling and their backward passes (ch. 11)
- :mod:`dlbook.nn.cnn`             -- the digits CNN and its MLP baseline, receptive fields (ch. 12)
- :mod:`dlbook.autograd.engine`    -- a scalar autograd engine, micrograd-style (ch. 4)
- :mod:`dlbook.autograd.mlp`       -- a small network of scalar Values, trained by it (ch. 4)
- :mod:`dlbook.autograd.backprop`  -- backpropagation by hand through a numpy MLP (ch. 4)
- :mod:`dlbook.autograd.gradcheck` -- central-difference gradient checking (ch. 4)
- :mod:`dlbook.autograd.bptt`      -- backpropagation through time by hand, truncated BPTT, ||dh_T/dh_t|| (ch. 8)
- :mod:`dlbook.optim.descent`      -- the gradient descent loop, mini-batch SGD, `minimize` (ch. 5)
- :mod:`dlbook.optim.optimizers`   -- SGD (momentum, Nesterov), Adagrad, Adadelta, RMSprop, Adam, AdamW (ch. 5)
- :mod:`dlbook.optim.schedules`    -- learning-rate schedules (ch. 5)
- :mod:`dlbook.optim.clipping`     -- gradient clipping by norm (ch. 8)
- :mod:`dlbook.data.synthetic`     -- data sets the book generates itself: XOR, blobs, moons, spirals, sine
- :mod:`dlbook.data.batching`      -- train/validation/test split, mini-batches of an epoch (ch. 5, 6)
- :mod:`dlbook.data.text`          -- Python's documentation as a corpus, vocabulary, next-token windows (ch. 7)
- :mod:`dlbook.data.sequences`     -- memory tasks: the adding problem, delayed copy, numbers in words (ch. 8-10)
- :mod:`dlbook.data.reverse`       -- the reverse task: sequences of symbols and their reversal (ch. 10)
- :mod:`dlbook.data.images`        -- the 8x8 digits, one-pixel shifts, generated stripes, shapes, edges (ch. 11)
- :mod:`dlbook.train.fit`          -- the training loop with history and early stopping (ch. 6 on)
- :mod:`dlbook.train.devices`      -- choosing a device ($DLBOOK_DEVICE), moving batches, pinned memory (ch. 13)
- :mod:`dlbook.train.precision`    -- autocast (bf16, fp16), the GradScaler, channels-last, torch.compile (ch. 13)
- :mod:`dlbook.train.steps`        -- one optimizer step: gradient accumulation, no_sync, clipping (ch. 13)
- :mod:`dlbook.train.checkpoint`   -- checkpoint and resume, RNG states included, written atomically (ch. 13)
- :mod:`dlbook.train.throughput`   -- timing a step, FLOPs of convnets and transformers, MFU (ch. 13)
- :mod:`dlbook.train.distributed`  -- data parallelism: torchrun, DDP, DistributedSampler (ch. 13)
- :mod:`dlbook.plotting`           -- figure helpers for the labs (needs matplotlib)

``import dlbook`` and ``import dlbook.<subpackage>`` are deliberately light: they
import no module, so neither numpy, torch, matplotlib nor otter is loaded until a
chapter asks for one. The tooling (CLI, book build, exercises, grading) lives apart,
in :mod:`dlbook_tools`, so the answer key is never on a submission's path.
"""

__version__ = "0.1.0"
