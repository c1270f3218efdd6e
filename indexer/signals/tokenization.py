"""Tokenizer algorithms in Rust and C/C++: BPE merges, WordPiece, Unigram/SentencePiece, byte-level encoding,
normalizers and pre-tokenizers, vocab and merges handling.

Reads definitions only (struct, class, enum and impl names, trait impls, function names), never calls,
comments or strings: a model that calls `tokenizer.encode(...)` uses a tokenizer, it does not write one.
Names that say the algorithm (bpe, wordpiece, unigram, byte_level) weigh more than the generic
ones (Tokenizer, Vocab, tokenize, merges), which lexers and config parsers also use.
detail: {"pattern": ..., "algorithm": "bpe" | "wordpiece" | "unigram" | "sentencepiece" | "byte-level" |
"normalizer" | "pre-tokenizer" | "tokenizer", "match": the name}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q

_SPECIFIC = r"bpe|wordpiece|word_piece|unigram|sentencepiece|sentence_piece|bytelevel|byte_level|bytefallback"
# "merges" is generic too: merge sorts and iterator merges share the word.
_GENERIC = (
    r"tokeni[sz]er|tokeni[sz]e|normali[sz]er|pretokeni[sz]er|pre_tokeni[sz]er|vocab|added_token|special_token|merges"
)
_TYPE_NAMES = rf"(?i)({_SPECIFIC}|{_GENERIC})"
_TRAITS = r"^(Normalizer|PreTokenizer|Model|Decoder|PostProcessor|Trainer)$"
_TRAIT_TYPES = rf"(?i)({_SPECIFIC}|tokeni[sz]er|nf[kc]*[cd]|strip|lowercase|whitespace|metaspace|punctuation|digits)"
_FN_NAMES = (
    rf"(?i)({_SPECIFIC}|merge_word|merge_all|apply_merges?|encode_word|tokenize_word|word_to_tokens"
    r"|bytes_to_unicode|unicode_to_bytes|get_pairs|byte_to_token|token_to_byte|viterbi|normali[sz]e_str"
    r"|pre_tokeni[sz]e|load_vocab|read_vocab|from_vocab|token_to_id|id_to_token|tokeni[sz]e)"
)
_ALGORITHMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)word_?piece"), "wordpiece"),
    (re.compile(r"(?i)unigram|viterbi"), "unigram"),
    (re.compile(r"(?i)sentence_?piece"), "sentencepiece"),
    (
        re.compile(r"(?i)byte_?level|byte_?fallback|bytes_to_unicode|unicode_to_bytes|byte_to_token|token_to_byte"),
        "byte-level",
    ),
    (re.compile(r"(?i)bpe|merge"), "bpe"),
    (re.compile(r"(?i)pre_?tokeni[sz]"), "pre-tokenizer"),
    (re.compile(r"(?i)normali[sz]|nf[kc]*[cd]$|strip|lowercase"), "normalizer"),
)
_FN_RX = re.compile(_FN_NAMES)
# A generic name (Tokenizer, tokenize, Vocab) counts only beside a specific one or in a tokenizer file.
_TOKENIZER_PATH = re.compile(r"(?i)tokeni[sz]|vocab|bpe|wordpiece|unigram|normali[sz]|sentencepiece")
_SPECIFIC_RX = re.compile(
    rf"(?i)({_SPECIFIC}|merge_word|merge_all|apply_merge|encode_word|word_to_tokens|bytes_to_unicode|viterbi)"
)


def algorithm_of(name: str) -> str:
    for rx, algorithm in _ALGORITHMS:
        if rx.search(name):
            return algorithm
    return "tokenizer"


class Tokenization(Detector):
    name = "tokenization"
    trigger_words = (
        rf"(?i)({_SPECIFIC}|{_GENERIC}|merge_|encode_word|bytes_to_unicode|get_pairs|viterbi"
        r"|^Model$|^Decoder$|^PostProcessor$|^Trainer$)"
    )
    patterns = {
        "cpp": (
            ("type", f"(class_specifier name: (type_identifier) @hit body: (_) (#match? @hit {q(_TYPE_NAMES)}))"),
            ("type", f"(struct_specifier name: (type_identifier) @hit body: (_) (#match? @hit {q(_TYPE_NAMES)}))"),
            (
                "function",
                f"(function_definition declarator: (function_declarator declarator: (_) @hit"
                f" (#match? @hit {q(_FN_NAMES)})))",
            ),
            (
                "function",
                f"(field_declaration declarator: (function_declarator declarator: (field_identifier) @hit"
                f" (#match? @hit {q(_FN_NAMES)})))",
            ),
        ),
        "rust": (
            ("type", f"(struct_item name: (type_identifier) @hit (#match? @hit {q(_TYPE_NAMES)}))"),
            ("type", f"(enum_item name: (type_identifier) @hit (#match? @hit {q(_TYPE_NAMES)}))"),
            ("type", f"(impl_item !trait type: (type_identifier) @hit (#match? @hit {q(_TYPE_NAMES)}))"),
            (
                "trait_impl",
                f"(impl_item trait: (type_identifier) @t type: (type_identifier) @hit"
                f" (#match? @t {q(_TRAITS)}) (#match? @hit {q(_TRAIT_TYPES)}))",
            ),
            ("function", f"(function_item name: (identifier) @hit (#match? @hit {q(_FN_NAMES)}))"),
        ),
    }
    weights = {"trait_impl": 0.95, "type": 0.85, "function": 0.8}
    generic_weight = 0.45

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits = super().file_hits(f, matches)
        if any(h.weight > self.generic_weight for h in hits) or _TOKENIZER_PATH.search(f.path):
            return hits
        return []

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        text = f.text(node)
        name = text.rsplit("::", 1)[-1]
        if m.tag == "function" and not _FN_RX.search(name):
            return None  # the class matched, not the method: wavtokenizer_dec::load_hparams is no tokenizer
        specific = m.tag == "trait_impl" or bool(_SPECIFIC_RX.search(name))
        weight = self.weights[m.tag] if specific else self.generic_weight
        detail = {"pattern": m.tag, "algorithm": algorithm_of(name), "match": text[:60]}
        return Hit(node.start_point.row, weight, detail)
