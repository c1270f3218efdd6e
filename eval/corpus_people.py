"""The sample corpus's people: fictional personas built from archetypes, each with the work they do, the
languages they write, where they commit and when they were active. Every name and address is made up."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

CORPUS_NOW = date(2026, 10, 28)  # the newest commits land on this day; "this year" is 2026

FIRST_NAMES = (
    "Ilsa", "Tomasz", "Aiko", "Beren", "Cressida", "Dario", "Eskil", "Farah", "Gideon", "Hanne", "Ivo", "Jolene",
    "Kasimir", "Leontyne", "Mirela", "Nils", "Oona", "Piet", "Quilla", "Rasmus", "Saoirse", "Teodor", "Ulla",
    "Vesna", "Wendel", "Xiomara", "Yusuf", "Zora", "Anouk", "Bram", "Caius", "Delphine", "Emeric", "Fenna",
    "Goran", "Hilde", "Imre", "Juno", "Kaito", "Liesel", "Marek", "Noor", "Odile", "Pavlo", "Ramona", "Sven",
    "Tamsin", "Umar", "Vida", "Wolfram", "Yara", "Zeno", "Amara", "Bodil", "Cyprian", "Dagny", "Elio", "Freya",
    "Gulnara", "Hamish", "Ines", "Jarek", "Kalinda", "Lorcan", "Maren", "Nandor", "Orla", "Priya", "Radko",
    "Sigrun", "Tobiah", "Una", "Valeska", "Wim", "Ysolde",
)  # fmt: skip
SURNAME_HEADS = (
    "Brann", "Cald", "Dorn", "Eldr", "Fenn", "Garr", "Hask", "Iskr", "Jorv", "Kestr", "Lorr", "Marr", "Nevr",
    "Ormo", "Pellw", "Quarr", "Ravn", "Selv", "Tarnw", "Ulmo", "Vaskr", "Wenth", "Yarr", "Zelv",
)  # fmt: skip
SURNAME_TAILS = ("owick", "amere", "iholt", "owby", "ensted", "astane", "idrel", "avale", "icroft", "eloux", "adane")
COMPANIES = ("kernelworks", "tensorlabs", "gpuforge", "inferco", "siliconfox", "quantumleaf", "edgecompute", "mail")


@dataclass(frozen=True)
class Archetype:
    key: str
    count: int
    work: dict[str, float]  # kind of work -> weight
    langs: frozenset[str]
    repos: tuple[tuple[str, float], ...]  # repo -> weight
    commits: tuple[int, int]
    isas: tuple[tuple[str, ...], ...] = ((),)  # one choice per persona, cycled
    bench: float = 0.0  # share of kernel commits whose message reports measured numbers
    earliest: int = 2020


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "rust_core",
        5,
        {"unsafe_rust": 3, "raii_resource": 2, "ffi": 2, "memory_layout": 2, "dtype_dispatch": 1.5, "app": 0.6},
        frozenset({"rust", "python"}),
        (("corpus/tensorkit", 1.0),),
        (45, 85),
    ),
    Archetype(
        "rust_quant",
        3,
        {"quantization": 4, "simd": 2, "unsafe_rust": 0.6, "app": 0.4},
        frozenset({"rust"}),
        (("corpus/tensorkit", 1.0),),
        (40, 70),
        isas=(("avx2", "neon"), ("avx512", "avx2"), ("neon",)),
        bench=0.3,
    ),
    Archetype(
        "rust_cuda",
        2,
        {"cuda_kernel": 3, "ffi": 2, "raii_resource": 1.5, "attention_kernel": 1, "quantization": 0.5},
        frozenset({"rust", "cuda"}),
        (("corpus/tensorkit", 1.0),),
        (40, 70),
        bench=0.3,
    ),
    Archetype(
        "ggml_cpu",
        5,
        {"quantization": 3, "simd": 3, "ffi": 0.3, "docs": 0.2},
        frozenset({"c", "cpp"}),
        (("corpus/ggmlite", 1.0),),
        (45, 80),
        isas=(("avx2", "avx512"), ("neon",), ("avx512",), ("avx2", "neon"), ("avx2",)),
        bench=0.4,
        earliest=2022,
    ),
    Archetype(
        "ggml_cuda",
        4,
        {"cuda_kernel": 3, "quantization": 2.5, "attention_kernel": 1, "dtype_dispatch": 1, "raii_resource": 0.6},
        frozenset({"cuda", "cpp"}),
        (("corpus/ggmlite", 1.0),),
        (45, 80),
        bench=0.5,
        earliest=2022,
    ),
    Archetype(
        "metal",
        5,
        {"metal_kernel": 4, "quantization": 1.2, "attention_kernel": 1, "raii_resource": 0.5, "docs": 0.2},
        frozenset({"metal", "cpp"}),
        (("corpus/mlxi", 1.0), ("corpus/ggmlite", 0.5), ("corpus/tensorkit", 0.3)),
        (40, 75),
        bench=0.3,
        earliest=2022,
    ),
    Archetype(
        "attn_cuda",
        5,
        {"attention_kernel": 4, "dtype_dispatch": 2, "kernel_fusion": 1.5, "cuda_kernel": 1, "app": 0.5},
        frozenset({"cuda", "python"}),
        (("corpus/flashkern", 1.0), ("corpus/servelite", 0.2)),
        (40, 75),
        bench=0.5,
        earliest=2022,
    ),
    Archetype(
        "serving_py",
        5,
        {"serving": 4, "app": 1.5, "attention_kernel": 0.6, "quantization": 0.4},
        frozenset({"python", "cpp", "cuda"}),
        (("corpus/servelite", 1.0),),
        (40, 70),
        bench=0.2,
        earliest=2023,
    ),
    Archetype(
        "runtime_cpp",
        4,
        {"serving": 2.5, "raii_resource": 2, "memory_layout": 1.5, "ffi": 0.8, "app": 0.5},
        frozenset({"cpp", "c", "python"}),
        (("corpus/llamalite", 1.0),),
        (40, 70),
        earliest=2023,
    ),
    Archetype(
        "tokenizer",
        4,
        {"tokenizer": 4, "ffi": 1.5, "unsafe_rust": 0.5, "app": 0.5},
        frozenset({"rust", "python"}),
        (("corpus/tokenizer-rs", 1.0),),
        (40, 70),
        earliest=2019,
    ),
    Archetype(
        "python_ml",
        6,
        {"training": 4, "app": 1.5, "docs": 0.3},
        frozenset({"python"}),
        (("corpus/trainwell", 1.0),),
        (35, 65),
        earliest=2019,
    ),
    Archetype(
        "mlx_python",
        2,
        {"app": 3, "training": 1},
        frozenset({"python"}),
        (("corpus/mlxi", 1.0),),
        (20, 35),
        earliest=2023,
    ),
    Archetype(
        "docs",
        5,
        {"docs": 4, "typo": 2},
        frozenset(),
        (("corpus/tensorkit", 1.0), ("corpus/ggmlite", 1.0), ("corpus/servelite", 0.6), ("corpus/tokenizer-rs", 0.6)),
        (10, 25),
    ),
    Archetype(
        "quant_claimer",
        2,
        {"quant_claim": 4, "docs": 1},
        frozenset(),
        (("corpus/ggmlite", 1.0), ("corpus/tensorkit", 0.6)),
        (8, 14),
        earliest=2023,
    ),
    Archetype(
        "ci",
        2,
        {"ci": 4, "app": 0.4},
        frozenset({"python"}),
        (("corpus/tensorkit", 1.0), ("corpus/servelite", 1.0), ("corpus/trainwell", 0.6), ("corpus/ggmlite", 0.6)),
        (18, 35),
    ),
    Archetype(
        "generalist",
        3,
        {
            "cuda_kernel": 2,
            "quantization": 2,
            "serving": 1.2,
            "attention_kernel": 1,
            "kernel_fusion": 1,
            "simd": 1,
            "memory_layout": 0.6,
        },
        frozenset({"cuda", "cpp", "c", "python"}),
        (
            ("corpus/ggmlite", 1.0),
            ("corpus/llamalite", 0.7),
            ("corpus/servelite", 0.7),
            ("corpus/flashkern", 0.6),
        ),
        (60, 95),
        isas=(("avx2", "avx512"), ("avx512",), ("neon", "avx2")),
        bench=0.4,
        earliest=2022,
    ),
    Archetype(
        "fusion_py",
        1,
        {"training": 3, "kernel_fusion": 0.5, "app": 0.5},
        frozenset({"python", "cuda"}),
        (("corpus/trainwell", 1.0),),
        (30, 45),
        earliest=2020,
    ),
    Archetype(
        "mlx_cpu",
        2,
        {"simd": 3, "dtype_dispatch": 2, "memory_layout": 2},
        frozenset({"cpp"}),
        (("corpus/mlxi", 1.0),),
        (35, 55),
        isas=(("neon",), ("neon", "avx2")),
        bench=0.3,
        earliest=2023,
    ),
    Archetype(
        "vulkan",
        1,
        {"gpu_shader": 4, "cuda_kernel": 0.5},
        frozenset({"glsl", "cuda"}),
        (("corpus/ggmlite", 1.0),),
        (30, 45),
        earliest=2023,
    ),
    Archetype(
        "wgpu",
        1,
        {"gpu_shader": 3, "unsafe_rust": 1},
        frozenset({"wgsl", "rust"}),
        (("corpus/tensorkit", 1.0),),
        (30, 45),
        earliest=2021,
    ),
)


@dataclass
class Persona:
    key: str  # p1, p2, ... (the id in profiles.jsonl)
    name: str
    archetype: str
    # (email, used from, used until): a person may switch addresses over the years
    emails: list[tuple[str, date, date]]
    login: str | None
    work: dict[str, float]
    langs: frozenset[str]
    isas: tuple[str, ...]
    repos: dict[str, float]
    commits: int
    start: date
    end: date
    bench: float
    tz: str
    notes: list[str] = field(default_factory=list)  # which hard case this persona is

    def email_on(self, day: date) -> str:
        for email, since, until in self.emails:
            if since <= day <= until:
                return email
        return self.emails[-1][0]


TIMEZONES = ("+0000", "+0100", "+0200", "-0700", "-0400", "+0800", "+0900", "+0530", "-0500", "+0300")


def _name(i: int) -> tuple[str, str]:
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    head = SURNAME_HEADS[(i * 7) % len(SURNAME_HEADS)]
    last = head + SURNAME_TAILS[(i * 5 + i // len(SURNAME_HEADS)) % len(SURNAME_TAILS)]
    return first, last


def _day(r: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=r.randint(0, max(0, (hi - lo).days)))


def build_personas(seed: int) -> list[Persona]:
    r = random.Random(f"scout-corpus-people:{seed}")
    people: list[Persona] = []
    i = 0
    for arch in ARCHETYPES:
        for k in range(arch.count):
            first, last = _name(i)
            i += 1
            start = _day(r, date(arch.earliest, 1, 15), date(2025, 3, 1))
            roll = r.random()
            if roll < 0.7:
                end = CORPUS_NOW - timedelta(days=r.randint(0, 150))
            elif roll < 0.9:
                end = _day(r, date(2025, 2, 1), date(2025, 12, 20))
            else:
                end = _day(r, date(2024, 3, 1), date(2024, 12, 20))
            if end - start < timedelta(days=200):
                start = end - timedelta(days=200 + r.randint(0, 300))
            login: str | None = None
            company = COMPANIES[r.randrange(len(COMPANIES))]
            if r.random() < 0.45:
                login = (first[0] + last).lower() if r.random() < 0.5 else f"{first.lower()}-{last[:4].lower()}"
                email = f"{r.randint(1_000_000, 99_999_999)}+{login}@users.noreply.github.com"
            elif r.random() < 0.5:
                email = f"{first.lower()}.{last.lower()}@{company}.example"
            else:
                email = f"{first[0].lower()}{last.lower()}@{company}.example"
            people.append(
                Persona(
                    key=f"p{len(people) + 1}",
                    name=f"{first} {last}",
                    archetype=arch.key,
                    emails=[(email, date(1970, 1, 1), date(2100, 1, 1))],
                    login=login,
                    work=dict(arch.work),
                    langs=arch.langs,
                    isas=arch.isas[k % len(arch.isas)],
                    repos=dict(arch.repos),
                    commits=r.randint(*arch.commits),
                    start=start,
                    end=end,
                    bench=arch.bench,
                    tz=TIMEZONES[r.randrange(len(TIMEZONES))],
                )
            )
    _add_hard_cases(people, r)
    return people


def _by_arch(people: list[Persona], arch: str) -> list[Persona]:
    return [p for p in people if p.archetype == arch]


def _add_hard_cases(people: list[Persona], r: random.Random) -> None:
    # One person under three addresses, same name: personal mail, then work mail, then a GitHub noreply.
    multi = Persona(
        key=f"p{len(people) + 1}",
        name="Ilsa Marrowby",
        archetype="rust_cuda",
        emails=[
            ("ilsa.marrowby@mail.example", date(1970, 1, 1), date(2022, 6, 30)),
            ("imarrowby@gpuforge.example", date(2022, 7, 1), date(2025, 2, 28)),
            ("48213377+imarrowby@users.noreply.github.com", date(2025, 3, 1), date(2100, 1, 1)),
        ],
        login="imarrowby",
        work={"cuda_kernel": 3, "ffi": 2, "raii_resource": 2, "unsafe_rust": 1.5, "attention_kernel": 1.5},
        langs=frozenset({"rust", "cuda"}),
        isas=(),
        repos={"corpus/tensorkit": 1.0, "corpus/flashkern": 0.5},
        commits=95,
        start=date(2021, 3, 2),
        end=CORPUS_NOW - timedelta(days=3),
        bench=0.4,
        tz="+0100",
        notes=["three_emails"],
    )
    people.append(multi)
    # Active only long ago: recency queries must leave them out.
    long_ago = (("rust_core", date(2022, 3, 9)), ("tokenizer", date(2021, 6, 17)), ("ggml_cpu", date(2023, 8, 30)))
    for arch, end in long_ago:
        p = _by_arch(people, arch)[-1]
        p.end = end
        p.start = end - timedelta(days=400)
        p.notes.append("inactive_long_ago")
    for p in _by_arch(people, "python_ml") + _by_arch(people, "mlx_python"):
        p.notes.append("python_only")
    for p in _by_arch(people, "docs"):
        p.notes.append("docs_typo")
    for p in _by_arch(people, "quant_claimer"):
        p.notes.append("quantization_in_messages_only")
    for p in _by_arch(people, "generalist") + [multi]:
        p.notes.append("several_repos")
