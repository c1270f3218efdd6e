"""From a recruiter sentence to an Interpretation, with rules and one small embedding model only.

Reading order: exclusion flags ("not Python-only"), recency and seniority first, their words consumed;
then every term the vocabulary knows (repos, skills, skill families, languages; leftmost-longest). The
terms are then read as a sentence, not as a bag of words:

- a list ("HIP, SYCL or Metal", "SVE/RVV") is one any-of group; "and"/"with" between concepts is all-of
  (a list closed by "and" is all-of; one closed by "or", or of bare commas, any-of);
- a negation cue ("not", "no", "non-", "other than", "except", "without", "instead of") puts the list
  after it in `avoid`: demoted, never required;
- examples ("such as", "like", "e.g.", "including", a parenthesis) widen the concept before them, and a
  repository named as an example is a preference, never a filter;
- "bindings to C++ or Metal": what is bound is a detail of FFI, not a required language;
- a distinctive word of a repository's name ("tokenizer") prefers that repository.

What is left is cut into short phrases: those close to a skill's anchors (embedding cosine) name that
skill; the rest become keywords matched against commit text. Every word not understood is in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from models.records import Interpretation
from models.taxonomy import CONCEPTS, LANGUAGES, SKILLS, SYSTEMS_LANGUAGES
from search import spelling
from search.vocab import Term, TextEncoder, Vocabulary

# A query phrase this close to a skill anchor (cosine, all-MiniLM-L6-v2) names that skill. Tuned on
# tests/search/test_understand.py: paraphrases score 0.58-0.8, unrelated phrases stay under 0.5.
PARAPHRASE_THRESHOLD = 0.56
# The best skill must also beat the runner-up by this much, else the phrase is too vague to use.
PARAPHRASE_MARGIN = 0.04
# One word alone ("internals", "performance") is too vague for the bar a phrase meets.
SINGLE_WORD_THRESHOLD = 0.7
# A phrase sharing a word with its best anchor must also match it on the words that differ.
PARAPHRASE_REST_THRESHOLD = 0.45
MAX_PHRASES = 12
MAX_KEYWORDS = 6

# "active" with no window: a year; "recently": half a year. Windows count back from the index's newest
# commit (the engine passes it as `today`), so a stale index still answers "last 6 months" sensibly.
TODAY_IS = "the newest commit in the index"
ACTIVE_MONTHS = 12
RECENT_MONTHS = 6

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "few": 3,
    "couple": 2,
    "couple of": 2,
}
MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
UNIT_DAYS = {"day": 1, "week": 7}

SENIORITY = {
    "principal": "principal",
    "distinguished": "principal",
    "staff": "staff",
    "senior": "senior",
    "sr": "senior",
    "lead": "senior",
    "experienced": "senior",
    "expert": "senior",
    "experts": "senior",
    "seasoned": "senior",
    "veteran": "senior",
    "veterans": "senior",
    "junior": "junior",
}

NEG = r"(?:not|no|non|never|excluding|exclude|without|except|but not|minus)"
EXCLUSION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        rf"\b{NEG}[\s-]+(?:just |only |purely |pure |mostly )?python(?:[\s-]*only)?"
        r"(?:\s+(?:people|devs|developers|engineers|folks|contributors|profiles))?\b",
        "python_only",
    ),
    (r"\bbeyond python\b", "python_only"),
    (
        r"\bpython[\s-]only\s+(?:people|devs|developers|engineers|folks|contributors|profiles)?\s*need not apply\b",
        "python_only",
    ),
    (
        rf"\b{NEG}[\s-]+(?:just |only |pure )?(?:docs?|documentation)(?:[\s-]*only)?"
        r"(?:\s+(?:people|contributors|changes|commits|folks|writers|fixes))?\b",
        "docs_only",
    ),
    (rf"\b{NEG}[\s-]+(?:just |only )?ci(?:[\s-]*only)?(?:\s+(?:people|contributors|changes|commits))?\b", "ci_only"),
    (
        rf"\b{NEG}[\s-]+(?:just |only )?(?:typo|drive[\s-]*by)(?:[\s-]*(?:fix(?:es|ers)?|only))?"
        r"(?:\s+(?:people|contributors|commits))?\b",
        "typo_only",
    ),
)

# Frameworks whose users write Python: naming one says the work is (at least partly) Python.
PYTHON_FRAMEWORK = re.compile(r"\b(?:pytorch|jax|tensorflow|numpy|keras|flax)\b")

# Cues read just before a list of terms (the text between the previous term and the list ends with one).
NEGATION_CUE = re.compile(
    r"(?:\bnot|\bno|\bnon|\bnever|\bexcept(?:\s+for)?|\bexcluding|\bexclude|\bwithout|\bother\s+than|\bbesides"
    r"|\bapart\s+from|\brather\s+than|\binstead\s+of|\banything\s+but|\boutside(?:\s+of)?|\bbeyond|\bbut\s+not"
    r"|\bminus|\bavoid(?:ing)?|\bnothing\s+(?:on|in|with)"
    r"|\bnot\s+(?:looking\s+for|hiring|interested\s+in|seeking|after)|\b(?:don't|do\s+not|dont)\s+(?:want|need))"
    r"(?:\s+(?:people|folks|someone|somebody|anyone|those|candidates|devs|engineers)(?:\s+(?:who|that)(?:'ve)?)?"
    r"(?:\s+(?:only|just|mostly|merely))?(?:\s+(?:did|do|does|done|wrote|write|writes|know|knows|worked|work|works"
    r"|used|use|uses|touched|ran|run))?)?"
    r"[\s\-]*(?:(?:on|in|from|at|the|any|for|of|with|using|a|an)\s+)*$"
)
# "CUDA -python", "-intern": a search string's minus sign, attached to the word it rules out.
MINUS_CUE = re.compile(r"(?:^|[\s(])!$")
MINUS_WORD = re.compile(r"(?:^|(?<=[\s(]))![a-z0-9][a-z0-9+#_.\-]*")
# "not just CUDA": CUDA is welcome but not what is asked for: preferred, never required or demoted.
# "porting CUDA kernels over to AMD GPUs": what is ported from is known, what it is ported to is the ask.
PORT_FROM_CUE = re.compile(r"\bport(?:ing|ed|s)?\s+(?:(?:our|the|your|their|existing|legacy|an?|some|of)\s+)*$")
# "a codebase that only ran on NVIDIA": where the code comes from, not where the work is asked for.
ORIGIN_CUE = re.compile(
    r"\b(?:only|originally|previously|used\s+to)\s+(?:ran|run|runs|running|worked|works|supported|targeted)"
    r"\s+(?:on|with)\s+(?:the\s+)?$"
)
PORT_TO_GAP = re.compile(r"^\s*(?:[a-z0-9\-]+\s+){0,3}?(?:over\s+)?(?:to|onto)\s")
# "Python bindings alone don't count": welcome beside the ask, not enough on their own.
NOT_ENOUGH_SUFFIX = re.compile(
    r"^\s*(?:work\s+|experience\s+|exp\s+)?(?:alone|only|by\s+(?:itself|themselves))\s+"
    r"(?:(?:do|does|is|are|would|will)(?:\s+not|n't)|won't|isn't|aren't|doesn't|don't)\s+"
    r"(?:count|qualify|cut\s+it|suffice|be\s+enough|enough)"
)
NOT_ONLY_CUE = re.compile(r"(?:\bnot|n't)\s+(?:just|only|merely|simply|purely)\s+(?:[a-z0-9\-]+\s+){0,2}$")
EXAMPLE_CUE = re.compile(
    r"(?:\bsuch\s+as|\blike|\be\.?g\.?|\beg|\bfor\s+example|\bfor\s+instance|\bincluding|\bincl\.?|\bi\.?e\.?"
    r"|\bespecially|\bparticularly|\bnotably|\bsimilar\s+to|\bsay|\bthink|\()"
    r"[\s:,]*(?:(?:the|a|an|sort\s+of\s+thing|kind\s+of\s+thing|sort\s+of|kind\s+of|stuff|things?|way|how)\s+)*$"
)
# "Rust preferred", "bonus: CUDA": what would be nice, never what is required.
PREFER_SUFFIX = re.compile(
    r"^[\s,]*(?:(?:knowledge|experiences?|exp|xp|expertise|exposure|familiarity|backgrounds?|skills?|work|chops"
    r"|contributors?|contributions?|people|folks|devs|developers|engineers|maintainers|users)\s+)?"
    r"(?:(?:is|are|would\s+be|as)\s+|[=:\-]\s*)?"
    r"(?:(?:(?:a|an|also|all|both|equally|really|very|definitely)\s+)?(?:preferred|preferable|bonus"
    r"|nice(?:[\s-]to[\s-]have)?|welcome|helpful|optional|appreciated|desirable|advantage|great|good\s+to\s+have"
    r"|relevant|useful|valuable|ideal|not\s+(?:a\s+)?(?:must|requirement|required|necessary|mandatory|dealbreaker))\b"
    # "Rust a plus", "CUDA plus." are wishes; "C++ plus either CUDA or Metal" joins two requirements.
    r"|(?:(?:a|an|also|really|definitely)\s+)plus\b|plus(?!\s*[a-z0-9(]))"
)
# "NVIDIA preferred but AMD ok": an acceptable alternative, not the ask ("fine-tuning" is no "fine"); but "either CUDA
# or Triton is fine" is the ask, put kindly.
ACCEPTABLE_SUFFIX = re.compile(
    r"^[\s,]*(?:(?:is|are)\s+)?(?:(?:also|too|equally|totally|perfectly)\s+)?(?:ok|okay|fine|acceptable)(?![\w\-])"
)
# "Don't care about Python", "the framework doesn't matter": neither asked for nor ruled out.
INDIFFERENT_CUE = re.compile(
    r"(?:\b(?:don't|do\s+not|dont|doesn't|does\s+not|won't)\s+care\s+(?:much\s+)?(?:about|for|whether|if)"
    r"|\bno\s+matter|\bregardless\s+of|\birrespective\s+of)(?:\s+(?:they|you|the|it's|its|their|any))*\s+$"
    # "ARM laptops with no usable GPU": hardware the product lacks describes where it runs, not who is wanted.
    r"|\b(?:no|without(?:\s+(?:a|any))?)\s+(?:usable|dedicated|discrete|decent|proper|working|available|powerful)\s+$"
    r"|\b(?:no|without(?:\s+any)?)\s+access\s+to(?:\s+(?:a|any))?\s+$"
)
INDIFFERENT_SUFFIX = re.compile(
    r"^[\s,;\-]*(?:(?:experience|background|knowledge)\s+|the\s+(?:language|framework|vendor|hardware|stack)\s+)?"
    r"(?:(?:is|are)\s+)?"
    r"(?:(?:doesn't|does\s+not|don't|do\s+not)\s+matter|irrelevant|not\s+important)\b"
)
PREFER_CUE = re.compile(
    r"(?:\bpreferably|\bideally|\bbonus(?:\s+points)?(?:\s+(?:if|for))?|\bnice[\s-]to[\s-]have|\bplus\s+if"
    r"|\bextra\s+(?:points|credit)\s+(?:if|for)|\b(?:nice|great|even\s+better|a\s+plus)\s+if|\bwould\s+be\s+nice"
    r"|\bdesirable|\bideal\s+candidates?\s+(?:also\s+)?(?:has|have|knows?))"
    r"[\s:,]*(?:(?:also|someone|somebody|who|they|you|they've|you've|who've|they're|you're|has|have|having|had"
    r"|knows?|knowing|with|written|wrote|worked"
    r"|working|done|did|used|using|shipped|built|some|prior|previous|experience|exposure|familiarity|background"
    r"|knowledge|in|on|of|the|a|an)\s+)*$"
)
# "Must: Metal. Nice: Swift, Core ML": a job ad's heading for its wishes covers everything up to the sentence's end
# or the next heading of what is required.
WISH_HEADING = re.compile(
    r"(?:^|(?<=[\s.;,(]))(?:nice(?:[\s-]to[\s-]haves?)?|(?:good|great)[\s-]to[\s-]haves?|bonus(?:es|\s+points)?"
    r"|pluse?s|plusses|preferred(?:\s+(?:skills|qualifications|experience))?|optional|desirable|desired"
    r"|would\s+be\s+nice|extra\s+credit|wish[\s-]?list|stretch)\s*(?:[:\u2013\u2014]|-(?=\s))"
)
REQUIRED_HEADING = re.compile(
    r"(?:^|(?<=[\s.;,(]))(?:must(?:[\s-]haves?)?|required|requirements|requires|needs?|essential|mandatory)"
    r"\s*(?:[:\u2013\u2014]|-(?=\s))"
)

WISH_END = re.compile(r"[.;!?]\s|[.;!?]$|\n\s*\n")  # a wish heading covers up to the sentence's end
# "... a new accelerator backend? E.g. getting the op set running on a new NPU or WebGPU": an example cue that opens
# a clause makes what the rest of that sentence names examples, even with words before the first of them.
EXAMPLE_OPENER = re.compile(r"(?:^|(?<=[\s(,;:.?!\-]))(?:e\.g\.?|eg\.|for\s+example|for\s+instance)[,:]?\s")
EXAMPLE_END = re.compile(r"[.;!?)](?:\s|$)")

# "Triton-only folks aren't a fit", "CUDA-only people need not apply": ruled out after the term.
NEGATION_SUFFIX = re.compile(
    r"^[\s\-]*only\s+(?:[a-z]+\s+){0,2}?(?:(?:are|is)(?:\s+not|n't)\s+(?:a\s+)?(?:fit|good\s+fit|what)"
    r"|(?:need|should)\s+not\s+apply|won't\s+fit|(?:do|does)(?:\s+not|n't)\s+(?:fit|qualify|count))"
)
# Words that make a repository named for a technique a place of work.
PLACE_BEFORE = re.compile(
    r"(?<!experience )(?<!expertise )(?<!background )(?<!knowledge )(?<!skills )"
    r"\b(?:on|in|at|from|to|into|within|inside|of|contribut\w+(?:\s+to)?|committed\s+to|worked\s+on|maintain\w*)"
    r"\s+(?:the\s+)?$"
)
PLACE_AFTER = re.compile(
    r"^(?:'s\b|\s*(?:repo|repository|codebase|project|team|org|contributors?|maintainers?|committers?|authors?|devs"
    r"|developers|folks|people|crew|community)\b)"
)
# "distributed training on GPUs", "allocator work on GPUs or Apple silicon": where work that is no kernel writing
# runs, not a second ask for GPU kernels.
PLATFORM_BEFORE = re.compile(r"\b(?:on|for|across|with)\s+(?:the\s+|a\s+|an\s+|many\s+|multiple\s+)?$")
PLATFORM_TERM = re.compile(r"^(?:gpus?|(?:apple|nvidia|amd)\s+(?:gpus?|silicon)|apple silicon|accelerators?)$")
PLATFORM_FREE_SKILLS = frozenset(
    {"memory_management", "distributed", "serving", "profiling", "training_internals", "model_support", "file_formats"}
)
# "kernels for their serving stack": the product the work goes into, not a second skill asked for.
CONTEXT_BEFORE = re.compile(r"\b(?:for|into|inside|within)\s+(?:their|our|the|your|its|a|an)\s+$")
CONTEXT_AFTER = re.compile(
    r"^[\s\-]*(?:(?P<qualified>inference|serving|training|ml|llm|model|production|compute)\s+)?"
    r"(?:stack|engine|runtime|platform|product|service|team|codebase|infra(?:structure)?|org)\b"
)
ONLY_DID = re.compile(r"\b(?:only|just|merely|solely)\s+(?:[a-z']+\s+){0,3}$")
# "Attention kernel specialist wanted: tiling, paged KV": a colon or a dash after the ask opens its description.
ELABORATION_GAP = re.compile(r"^[^.;!?(]*?(?::|\s[-\u2013\u2014]\s)")
# "GPU kernels in CUDA or HIP": after a family of skills, the list says which members.
SPECIFY_GAP = re.compile(r"^\s*(?:(?:written|implemented)\s+)?(?:in|using|with|for|on)\s+(?:the\s+)?$")
STYLE_SUFFIX = re.compile(r"^[\s\-]*(?:style|like|esque|inspired|based|type|ish|flavou?red|class)\b")
# "bindings to CUDA": what follows these words after an FFI term is what is bound, not a requirement.
OBJECT_GAP = re.compile(
    r"^\s*(?:(?:wrappers?|bindings?|layers?|apis?|interfaces?|shims?|glue|code)\s+)?"
    r"(?:to|for|into|around|over|from|of|with)\s+(?:the\s+|a\s+|an\s+)?$"
)
# Words between two terms that make them one list; "or" anywhere makes it any-of, "and" all-of.
LIST_GAP = re.compile(
    r"^[\s,(]*(?:(or|and/or|nor|either|/|or even|or maybe|and|&|plus|as well as|along with)\s*)?[\s,]*$"
)
# "ARM NEON or x86 AVX", "CUDA or AMD's HIP": after an explicit joiner, one qualifying word still keeps the list.
QUALIFIED_LIST_GAP = re.compile(r"^[\s,(]*(or|and/or|nor|/|and|&)\s+(?:[a-z0-9][a-z0-9\-]{0,15}(?:'s)?)\s+$")
AND_WORDS = frozenset({"and", "&", "plus", "as well as", "along with"})

# Languages Scout does not index: in a list with one it does ("Node / Ruby / Objective-C wrappers"), the known
# member cannot stand for the list, so the list becomes a plus instead of a requirement only one member meets.
_UNTRACKED = (
    r"node(?:\.?js)?|javascript|typescript|js|ts|ruby|java|kotlin|c#|\.net|dotnet|php|scala|julia|lua|dart|elixir"
    r"|haskell|ocaml|perl|matlab|fortran"
)
UNTRACKED_BEFORE = re.compile(rf"\b(?:{_UNTRACKED})\s*(?:/|,|\bor\b|and/or|,?\s*\band\b|,?\s*\bor\b)\s*$")
UNTRACKED_AFTER = re.compile(rf"^\s*(?:/|,|\bor\b|and/or|,?\s*\band\b)\s*(?:{_UNTRACKED})(?![\w#])")
# Hardware Scout has no skill for: "models on Intel, AMD and mobile GPUs" lists where something runs, so AMD there
# is no requirement either.
_UNTRACKED_HARDWARE = r"intel|qualcomm|arm|mobile|mali|adreno|snapdragon|huawei|samsung|npus?"
HARDWARE_BEFORE = re.compile(rf"\b(?:{_UNTRACKED_HARDWARE})\s*(?:/|,|\bor\b|and/or|,?\s*\band\b|,?\s*\bor\b)\s*$")
HARDWARE_AFTER = re.compile(rf"^\s*(?:/|,|\bor\b|and/or|,?\s*\band\b)\s*(?:{_UNTRACKED_HARDWARE})(?![\w#])")

# Generic words that name GPU kernels only when nothing more specific was said; "AVX-512 kernels" is SIMD.
WEAK_CONCEPT_WORDS = frozenset({"kernel", "kernels", "gemm", "gemms", "matmul", "matmuls", "matrix multiplication"})
# Of those, the ones that still say what the kernels compute: beside a named skill they are words to look up.
TOPIC_CONCEPT_WORDS = WEAK_CONCEPT_WORDS - {"kernel", "kernels"}
COMPUTE_SKILLS = frozenset(
    {"cuda_kernel", "metal_kernel", "gpu_shader", "simd", "attention_kernel", "quantization", "triton_kernel"}
)
# Skills too broad to stand alone beside examples: "optimization (fusion, quantization)" means those kinds.
UMBRELLA = frozenset({"skill:benchmark_claim"})
# Words that put GPU kernel work on AMD hardware: CUDA-style kernels whose evidence says HIP (see cuda_kernel.py).
AMD_DETAIL = "hip"
# Kernels for AMD GPUs, the ROCm/HIP backend they run in, or any AMD GPU work (runtime, Triton for AMD).
_AMD_WORK = [f"skill:cuda_kernel:{AMD_DETAIL}", "skill:backend_port:hip", "skill:backend_port:rocm", "skill:amd_gpu"]
BRING_UP_WORD = re.compile(r"\b(?:bring[\s-]?up|bringup|bringing\s+up|port(?:ing)?|enablement)\b")
# A platform's backend named ("the Vulkan backend"): the skills of work on that platform, beside bringing it up.
# NPUs and other accelerators have no skill of their own: their backend's work is bring-up (backend_port).
BACKEND_PLATFORMS: dict[str, list[str]] = {
    "vulkan": ["skill:gpu_shader:glsl", "skill:gpu_shader:vulkan"],
    "sycl": ["skill:gpu_shader:sycl"],
    "opencl": ["skill:gpu_shader:opencl"],
    "webgpu": ["skill:gpu_shader:wgsl", "skill:gpu_shader:wgpu"],
    "wgpu": ["skill:gpu_shader:wgsl", "skill:gpu_shader:wgpu"],
    "metal": ["skill:metal_kernel"],
    "cuda": ["skill:cuda_kernel"],
    "rocm": _AMD_WORK,
    "hip": _AMD_WORK,
    "cann": ["skill:backend_port:ascend"],  # CANN is the software stack of Huawei's Ascend NPUs
    "ascend": ["skill:backend_port:cann"],
    "hexagon": ["skill:backend_port:qnn"],  # QNN is Qualcomm's runtime for its Hexagon NPU
    "qnn": ["skill:backend_port:hexagon"],
    "openvino": [],
    "musa": [],
}
AMD_GPU_TERMS = dict.fromkeys(
    [
        "hip",
        "rocm",
        "amd",
        "instinct",
        "mi325x",
        "mi350",
        "mi355x",
        "amd-gpu",
        "amd-gpus",
        "amdgpu",
        "amd-instinct",
        "radeon",
        "mi300",
        "mi300x",
        "mi250",
    ]
    + ["hip-kernels", "rocm-kernels", "rdna", "rdna3", "rdna4", "cdna", "cdna3"],
    AMD_DETAIL,
)
GPU_KERNEL_FAMILY = frozenset(
    {"language:cuda", "language:metal"} | {f"skill:{k}" for k in COMPUTE_SKILLS - {"attention_kernel", "quantization"}}
)
# "GPU tensors", "a new GPU family": the GPU is where the data or the port lives, not kernel work.
GPU_CONTEXT = re.compile(
    r"^[\s\-]+(?:tensors?|memory|buffers?|allocat\w*|famil(?:y|ies)|vendors?|support|clusters?|nodes?|boxes|machines"
    r"|servers?|instances?|hours|budget|fleet|cards?|hardware|drivers?)\b"
)
# Languages that are also the name of a kernel skill: asking for either is one requirement.
LANGUAGE_SKILL = {"cuda": "cuda_kernel", "metal": "metal_kernel"}
SKILL_LANGUAGE = {v: k for k, v in LANGUAGE_SKILL.items()}
# SIMD words that name one instruction set: "AVX-512 kernels" asks for AVX-512, not any SIMD.
ISA_TERMS = {
    "avx": "avx",
    "avx2": "avx2",
    "avx-512": "avx512",
    "avx512": "avx512",
    "amx": "amx",
    "avx-vnni": "vnni",
    "vnni": "vnni",
    "neon": "neon",
    "arm-neon": "neon",
    "dotprod": "neon",
    "sdot": "neon",
    "udot": "neon",
    "i8mm": "neon",
    "smmla": "neon",
    "sve": "sve",
    "sve2": "sve",
    "sse": "sse",
    "sse2": "sse",
    "sse3": "sse",
    "ssse3": "sse",
    "sse4": "sse",
    "sse4.1": "sse",
    "sse4.2": "sse",
    "rvv": "rvv",
    "risc-v-vector": "rvv",
    "riscv-vector": "rvv",
    "wasm-simd": "wasm",
    "vsx": "vsx",
    "altivec": "vsx",
    "lsx": "lsx",
    "lasx": "lasx",
    "vxe": "vxe",
}
LANGUAGE_WORDS = frozenset(w for words in LANGUAGES.values() for w in words)
# Per skill: the words that also name one detail of it (an ISA of SIMD, AMD hardware for CUDA-style kernels).
DETAIL_TERMS = {"simd": ISA_TERMS, "cuda_kernel": AMD_GPU_TERMS}

STOPWORDS = frozenset(
    """a an the isn aren don doesn didn wasn weren hasn haven t s re ve ll
    and or of in on at to for with who whom that which what is are be been being have has had
    having do does did i we you they them their our my me us this these those some any all each every
    people person engineers engineer developers developer devs dev folks contributors contributor
    programmers programmer hackers hacker candidates candidate someone somebody anyone find show looking
    look want need needs hire hiring recruit seeking seek search get give list experience experienced
    background knowledge skills skill expertise strong solid good great deep proven real serious heavy
    work works worked working write writes wrote writing written build builds built building
    contribute contributes contributed contributing contributions commits commit code repos repo
    like plus also especially ideally preferably really very well more most other from into about
    can could should would will ml ai systems system engineering open source projects project
    inference runtime runtimes engine engines framework frameworks infrastructure infra platform stack
    such as e.g eg example examples instance including incl i.e ie particularly notably similar say think
    not no non never except excluding exclude without than besides apart rather instead but beyond minus
    avoid outside style based inspired etc know knows knew familiar comfortable hands-on handson shipped
    ship shipping landed land own owned owning done doing did made make making years year months month
    plenty lots lot bunch someone whoever anybody role team teams company hands ideally must nice bonus
    area areas field space domain related stuff things thing level levels depth please thanks hi hey
    pls want wanted needed required requirement requirements preferred prefer mostly mainly primarily
    either both only just also too via using use used uses able who've we're i'm you've it's across over
    between within around among through per kernel kernels hardware hand-write hand-written hand-writes
    handwritten hand-wrote hand-tuned hand-tuning hand-optimized author authors specialist specialists
    world side vendor vendors ppl whatever anything something everything here there enough implemented
    implement implements implementing added adding add support supports supported supporting design designs
    designing designed inside out guy guys gal individual individuals dude wizard ninja rockstar guru
    etc. stuff ones one folks we'd really actual actually specifically specific general generally various
    internals internal details detail level low-level high-level new latest modern large small big fast
    faster efficient efficiently well-known known popular major core main key critical serious
    advantage advantageous desirable welcome appreciated helpful optional points credit extra would've
    development developing develop develops remote onsite on-site hybrid relocation relocate visa salary equity
    full-time part-time fulltime contract contractor freelance startup start-up seed-stage series company's
    eu us usa uk europe emea apac sf nyc london berlin paris bay timezone office offices location based
    must-have must-haves nice-to-have requirements responsibilities qualifications role's position opening
    yrs yoe plus+ senior-level mid-level junior-level exp xp user users bit backgrounds relevant fit ran
    it its itself themselves yourself himself herself how why when where whichever whoever gets got get
    calls call calling properly proper sort kind class mind fine whole part parts plain scratch lives live
    taken take takes took include includes included involved involve involves founding well-funded fast-paced
    growing funded backed production software somewhere someplace top run runs offered alone count
    training train trained client clients days weeks office meaningful sponsorship custom optimise optimize
    optimising optimizing vibes pluses plusses haves nice-to-haves must-haves wishlist wish-list stretch desired
    essential mandatory then ish esque touched touching touch care matter
    language""".split()  # noqa: SIM905 - a word list reads better as text
)
SALARY = re.compile(r"\d+(?:[.,]\d+)?(?:k|m|%)?")  # "£150k-£190k", "3 days", "40%": terms of a job, not skills
NEGATED_CLAUSE = re.compile(r"\b(?:not|no|never|nor|without|except|excluding|rather\s+than|instead\s+of)\b[^,;:.()!?]*")
CONNECTORS = re.compile(r"\b(?:and|or|who|with|that|which|on|in|for|plus|but|at|from|into|using|via)\b")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "language", "skill", "concept", "repo", "other repo", "topic"
    value: str
    term: str
    soft: bool = False
    detail: str | None = None  # an ISA for SIMD ("avx512"), a bound language for FFI ("cuda")
    skill_alternative: str | None = None  # a repo alias that is also a skill word ("FlashAttention")
    listed_with_repos: bool = False  # "torchao or flash-attention": a list of repositories names places, not skills
    technique: bool = False  # "who implemented flash attention": the repo's name used for what it does, no place

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.value}" + (f":{self.detail}" if self.detail else "")

    def criteria(self) -> list[str]:
        """The criterion names this term asks for (a skill family asks for any of its skills)."""
        if self.kind == "concept":
            return [f"skill:{k}" for k in CONCEPTS[self.value][1] if k in SKILLS]
        if self.kind == "topic":
            return [f"repo:{self.value}"]
        return [self.name]


@dataclass
class Run:
    """Terms joined into one list ("HIP, SYCL or Metal"): `any_of` unless closed by "and"."""

    spans: list[Span]
    any_of: bool = True
    negated: bool = False
    not_enough: bool = False  # "not just CUDA": welcome, never required
    ignored: bool = False  # "don't care about Python": neither required nor ruled out
    preferred: bool = False  # "Rust preferred"
    example_of: int | None = None  # index of the run these are examples of
    examples: bool = False  # examples with nothing before them to widen
    bound_by: int | None = None  # index of the FFI run that binds to these
    only: bool = False  # "people who only did X": ruled out as all someone did, not as part of their work
    illustrates: bool = False  # the first of a parenthesised list of examples: "author (fused softmax, matmuls)"
    members: list[str] = field(default_factory=list)  # criterion names after reading

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    @property
    def text(self) -> str:
        return ", ".join(s.term for s in self.spans)


class _Text:
    """The lowercased sentence and which characters have been consumed by an earlier rule."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.low = _normalise_text(text)
        self.used = [False] * len(self.low)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True

    def give_back(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = False

    def matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for m in pattern.finditer(self.low):
            if m.end() > m.start() and self.free(m.start(), m.end()):
                yield m

    def residual(self) -> str:
        return "".join("|" if u else c for c, u in zip(self.low, self.used, strict=True))


def _normalise_text(text: str) -> str:
    text = text.lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'")
    # "non-NVIDIA": the hyphen would hide the term from its pattern; a space keeps every offset.
    text = re.sub(r"\bnon-(?=\w)", "non ", text)
    # "CUDA -python": a search string's minus sign becomes "!" (same offsets), which no term pattern refuses.
    return re.sub(r"(^|[\s(])-(?=[a-z])", r"\1!", text)


# "tensor/pipeline parallelism", "CUDA or Metal kernels": one head noun shared by a list of its modifiers.
SHARED_HEAD = re.compile(
    r"(?i)(?<![\w/+-])([a-z0-9][a-z0-9+\-]*)(\s*/\s*|\s+or\s+|\s+and\s+|\s*,\s*)([a-z0-9][a-z0-9+\-]*)\s+([a-z][a-z\-]*)\b"
)


def _share_heads(text: str, terms: frozenset[str]) -> str:
    """Spells out a head noun shared by a list when each modifier with it is a term Scout knows, so that
    "tensor/pipeline parallelism" reads as "tensor parallelism/pipeline parallelism"."""

    def spelled(m: re.Match[str]) -> str:
        first, joiner, second, head = m.groups()
        if f"{first} {head}".lower() in terms and f"{second} {head}".lower() in terms:
            return f"{first} {head}{joiner}{second} {head}"
        return m.group(0)

    for _ in range(3):  # "tensor/pipeline/data parallelism": one pair at a time
        spelled_out = SHARED_HEAD.sub(spelled, text)
        if spelled_out == text:
            break
        text = spelled_out
    return text


def understand(
    text: str, vocab: Vocabulary, embedder: TextEncoder | None = None, today: date | None = None
) -> Interpretation:
    """The Interpretation of a recruiter sentence (see understand_with_vector)."""
    return understand_with_vector(text, vocab, embedder, today)[0]


def understand_with_vector(
    text: str, vocab: Vocabulary, embedder: TextEncoder | None = None, today: date | None = None
) -> tuple[Interpretation, np.ndarray | None]:
    """The Interpretation and the sentence's embedding, computed in one batch with its phrases.

    `today` anchors relative recency ("last 6 months"); the engine passes the index's newest commit
    date so answers do not drift as the calendar moves on, and the notes say so.
    """
    today = today or date.today()
    notes: list[str] = []
    corrections = vocab.speller.corrections(_normalise_text(text))
    notes.extend(f'"{c.typo}" read as "{c.word}"' for c in corrections)
    t = _Text(_share_heads(spelling.apply(text, corrections), vocab.term_texts))
    welcome_python = bool(re.search(r"\bnot\s+(?:just|only|merely|purely)\s+python\b", t.low))
    exclusions = _exclusions(t)
    active_since = _recency(t, today, notes)
    seniority = _seniority(t)
    spans = _spans(t, vocab)
    reading = _read(t, spans)
    notes.extend(reading.notes)
    exclusions.extend(x for x in reading.exclusions if x not in exclusions)
    notes.extend(_minus_words(t))
    if welcome_python and "language:python" not in reading.prefer:
        # "Not only Python: ... who also writes kernels": Python is part of the profile, just not all of it.
        reading.prefer.append("language:python")
        notes.append('"not only Python" read as: Python welcome, Python-only excluded')
    python_host = PYTHON_FRAMEWORK.search(t.low)
    named = {n for g in reading.groups for n in g} | set(reading.prefer) | set(reading.avoid)
    if python_host and "language:python" not in named and "python_only" not in exclusions:
        # "int4 quantization in PyTorch": the work is written against a Python framework, so Python code is a
        # plus (not a requirement: "PyTorch's CUDA extensions" are C++).
        reading.prefer.append("language:python")
        notes.append(f'"{python_host.group(0)}" is a Python framework: Python preferred')
    phrases = _phrases(t)

    vector: np.ndarray | None = None
    paraphrased: dict[str, str] = {}
    if embedder is not None:
        # Two batches: short phrases padded to the full sentence would cost several times more.
        vector = np.asarray(embedder.encode([text]), dtype=np.float32)[0]
        encoded = np.asarray(embedder.encode(phrases), dtype=np.float32) if phrases else np.zeros((0, len(vector)))
        # A skill the sentence made a plus stays a plus, whatever other phrase resembles it.
        asked = {
            ":".join(n.split(":")[:2])
            for n in (*(n for g in reading.groups for n in g), *reading.avoid, *reading.prefer)
        }
        for phrase, skill, sim in _paraphrases(phrases, encoded, vocab, embedder):
            paraphrased[phrase] = skill
            if f"skill:{skill}" in asked:
                continue
            asked.add(f"skill:{skill}")
            reading.groups.append([f"skill:{skill}"])
            reading.group_terms.append([phrase])
            notes.append(f'"{phrase}" read as {skill} (similarity {sim:.2f})')

    keywords = _keywords(phrases, paraphrased, reading.topic_words)
    for word in keywords:
        notes.append(f'"{word}" names no skill, language or repository: matched in commit text')
    repos, repo_notes = _repos(reading.repo_spans, vocab)
    notes.extend(repo_notes)
    languages = sorted({n.split(":")[1] for g in reading.groups for n in g if n.startswith("language:")})
    if "c" in languages and "c" not in reading.named_languages:
        languages.remove("c")  # C joins C++ as a choice, not as something the sentence named
    skills = sorted({n.split(":")[1] for g in reading.groups for n in g if n.startswith("skill:")})
    interp = Interpretation(
        text=text,
        languages=languages,
        repos=repos,
        skills=skills,
        active_since=active_since,
        seniority=seniority,
        exclusions=exclusions,
        notes=notes,
        groups=reading.groups,
        group_terms=_with_implied_words(reading.groups, reading.group_terms),
        prefer=reading.prefer,
        avoid=reading.avoid,
        keywords=keywords,
        confidence=_confidence(t, phrases, paraphrased),
    )
    return interp, vector


def _minus_words(t: _Text) -> list[str]:
    """ "-intern" in a search string rules a word out; one Scout cannot see is dropped, never looked up."""
    notes = []
    for m in t.matches(MINUS_WORD):
        t.take(m.start(), m.end())
        notes.append(f'"-{m.group(0)[1:]}" rules out a word no skill, language or repository names: ignored')
    return notes


def _exclusions(t: _Text) -> list[str]:
    found: list[str] = []
    for pattern, flag in EXCLUSION_PATTERNS:
        for m in t.matches(re.compile(pattern)):
            t.take(m.start(), m.end())
            if flag not in found:
                found.append(flag)
    return found


def _number(word: str | None) -> int:
    if not word:
        return 1
    word = word.strip()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def _recency(t: _Text, today: date, notes: list[str]) -> date | None:
    candidates: list[date] = []
    num = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    unit = r"(day|week|month|year|quarter)s?"
    # "active since 2025" is one window: the word "active" belongs to the explicit one that follows it.
    act = r"(?:(?:recently |currently |still |actively )?(?:active|activity|committing|committed|contributing)\s+)?"
    rules: list[tuple[str, object]] = [
        (
            r"\b" + act + r"since (?:the )?(?:start|beginning) of (?:(20\d\d)|(this|last) year)\b",
            lambda m: date(int(m.group(1)), 1, 1) if m.group(1) else date(today.year - (m.group(2) == "last"), 1, 1),
        ),
        (
            r"\b" + act + r"since (early|mid|late)[\s-](20\d\d)\b",
            lambda m: date(int(m.group(2)), {"early": 1, "mid": 6, "late": 10}[m.group(1)], 1),
        ),
        (r"\b" + act + r"since last year\b", lambda m: date(today.year - 1, 1, 1)),
        (r"\b" + act + r"since this year\b", lambda m: date(today.year, 1, 1)),
        (
            r"\b" + act + r"since (?:(" + "|".join(MONTHS) + r")[a-z]*\.? )?(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\b",
            lambda m: _since(m, today),
        ),
        (
            r"\b"
            + act
            + r"(?:(?:in|over|during|within|for) )?(?:the )?(?:last|past|previous) "
            + num
            + r"? ?"
            + unit
            + r"\b",
            lambda m: _back(today, _number(m.group(1)), m.group(2)),
        ),
        (r"\b" + act + r"(?:this|the current) year\b", lambda m: date(today.year, 1, 1)),
        (r"\b" + act + r"(?:this|the current) month\b", lambda m: date(today.year, today.month, 1)),
        (r"\b" + act + r"(?:this|the current) quarter\b", lambda m: _quarter_start(today)),
        (r"\b(?:active |activity )?(?:in|during) (20\d\d)\b", lambda m: date(int(m.group(1)), 1, 1)),
        (
            r"\b(?:recently[\s-]active|recently|recent(?:ly)?|lately|nowadays)\b",
            lambda m: _back(today, RECENT_MONTHS, "month"),
        ),
        (
            r"\b(?:currently |still |actively |presently )?active(?: contributors?| maintainers?)?\b",
            lambda m: _back(today, ACTIVE_MONTHS, "month"),
        ),
    ]
    generic = len(rules) - 2  # the last two rules: "recently", "active" with no window of their own
    explicit: list[date] = []
    for k, (pattern, make) in enumerate(rules):
        for m in t.matches(re.compile(pattern)):
            value = make(m)  # type: ignore[operator]
            if value is None:
                continue
            t.take(m.start(), m.end())
            (candidates if k >= generic else explicit).append(value)
            anchor = "" if re.search(r"\d{4}", m.group(0)) else f" (counted from {today.isoformat()}, {TODAY_IS})"
            notes.append(f'"{m.group(0).strip()}" read as active since {value.isoformat()}{anchor}')
    # A window the sentence states ("active on X since the start of 2025") is what "active" means there; of
    # several stated windows, the tightest is what the recruiter insisted on.
    chosen = explicit or candidates
    return max(chosen) if chosen else None


def _quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _back(today: date, n: int, unit: str) -> date:
    """`n` units before `today`, by the calendar for months and years ("last 6 months" from June 1 is Dec 1)."""
    if unit in UNIT_DAYS:
        return today - timedelta(days=n * UNIT_DAYS[unit])
    months = today.year * 12 + today.month - 1 - n * UNIT_MONTHS[unit]
    year, month = divmod(months, 12)
    return date(year, month + 1, min(today.day, 28))


def _since(m: re.Match[str], today: date) -> date | None:
    year = int(m.group(2))
    if not 1990 <= year <= today.year + 1:
        return None
    month = MONTHS.get((m.group(1) or "")[:3]) or (int(m.group(3)) if m.group(3) else 1)
    day = int(m.group(4)) if m.group(4) else 1
    try:
        return date(year, max(1, min(12, month)), max(1, min(28, day)))
    except ValueError:
        return None


def _seniority(t: _Text) -> str | None:
    rank = {"junior": 0, "senior": 1, "staff": 2, "principal": 3}
    best: str | None = None
    pattern = re.compile(r"\b(" + "|".join(SENIORITY) + r")(?:[\s-]level)?\b")
    for m in t.matches(pattern):
        level = SENIORITY[m.group(1)]
        t.take(m.start(), m.end())
        if best is None or rank[level] > rank[best]:
            best = level
    return best


def _spans(t: _Text, vocab: Vocabulary) -> list[Span]:
    """Leftmost-longest matching of every term: "metal kernel engineers" is Metal kernels, not "kernel engineer"."""
    # At the same place and length: an indexed repo, then a skill ("flash attention" is a skill before it
    # is a repo nobody indexed), a skill family, a language, an unindexed repo, a word of a repo name.
    order = {"repo": 0, "skill": 1, "concept": 2, "language": 3, "other repo": 4, "topic": 5}
    found: list[tuple[int, int, int, Term]] = []
    for term in vocab.terms:
        kind = term.kind
        if kind == "repo" and vocab.indexed_repos and term.value not in vocab.indexed_repos:
            kind = "other repo"
        for m in t.matches(term.pattern):
            if term.kind == "language" and not _case_ok(term, t.original, m.start(), m.end()):
                continue
            found.append((m.start(), -(m.end() - m.start()), order[kind], term))
    found.sort(key=lambda f: f[:3])
    skill_at = {(start, neg): term.value for start, neg, _, term in found if term.kind == "skill"}
    spans: list[Span] = []
    for start, neg_len, _, term in found:
        end = start - neg_len
        if not t.free(start, end):
            continue
        t.take(start, end)
        detail = DETAIL_TERMS.get(term.value, {}).get(re.sub(r"[\s_]+", "-", term.text))
        kind, value = term.kind, term.value
        if kind == "skill" and value in SKILL_LANGUAGE and term.text in LANGUAGE_WORDS:
            # Bare "CUDA" asks for CUDA code; "CUDA kernels" (a longer term) asks for the kernel skill.
            kind, value = "language", SKILL_LANGUAGE[value]
        alternative = skill_at.get((start, neg_len)) if kind == "repo" else None
        spans.append(Span(start, end, kind, value, term.text, term.soft, detail, alternative))
    return sorted(spans, key=lambda s: s.start)


def _case_ok(term: Term, original: str, start: int, end: int) -> bool:
    # "C" and "Go" are languages only when written as names, not the words "c" or "go".
    if term.text in {"c", "go"}:
        return original[start:end][:1].isupper()
    return True


@dataclass
class Reading:
    groups: list[list[str]] = field(default_factory=list)
    group_terms: list[list[str]] = field(default_factory=list)
    prefer: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    avoid_terms: set[str] = field(default_factory=set)
    exclusions: list[str] = field(default_factory=list)
    repo_spans: list[Span] = field(default_factory=list)  # repos named as places of work
    topic_words: list[str] = field(default_factory=list)
    named_languages: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _read(t: _Text, spans: list[Span]) -> Reading:
    """The sentence's terms as lists with their cues: requirement groups, preferences and exclusions."""
    out = Reading()
    spans = _drop_weak_concepts(t, spans)
    runs = _runs(t, spans)
    _mark_cues(t, runs)
    out.named_languages = {s.value for s in spans if s.kind == "language"}
    for run in runs:
        run.members = _members(run)
        if run.bound_by is not None:
            continue
        if run.not_enough:
            out.prefer.extend(n for n in run.members if n not in out.prefer)
            out.notes.append(f'"{run.text}" read as welcome but not enough on its own: preferred, not required')
            continue
        if run.preferred:
            out.prefer.extend(n for n in run.members if n not in out.prefer)
            out.notes.append(f'"{run.text}" read as preferred, not required')
            continue
        if run.ignored:
            out.notes.append(f'"{run.text}" read as not mattering: neither required nor ruled out')
            continue
        if run.negated and run.only:
            if any(s.kind == "language" and s.value == "python" for s in run.spans):
                out.exclusions.append("python_only")
            out.notes.append(f'"{run.text}" read as ruled out when it is all someone did: not demoted otherwise')
            continue
        if run.negated:
            names = [n for s in run.spans for n in _avoid_names(s)]
            out.avoid.extend(n for n in names if n not in out.avoid)
            out.avoid_terms.update(s.term for s in run.spans)
            out.notes.append(f'"{run.text}" read as excluded: demoted, never required')
            continue
        for s in run.spans:
            if s.kind == "topic":
                out.prefer.append(f"repo:{s.value}")
                out.topic_words.append(s.term)
                out.notes.append(f'"{s.term}" suggests {s.value}: preferred, not required')
            elif s.kind == "repo" and s.technique:
                out.prefer.append(f"repo:{s.value}")
                out.notes.append(f'"{s.term}" read as the technique, not a place of work: {s.value} preferred')
            elif s.kind in {"repo", "other repo"} and (run.examples or run.example_of is not None):
                if s.kind == "repo":
                    out.prefer.append(f"repo:{s.value}")
                out.notes.append(f'"{s.term}" is an example ({s.value}): preferred, never a filter')
            elif s.kind in {"repo", "other repo"}:
                out.repo_spans.append(s)
    # Examples widen (or, after a family such as "GPU kernels", narrow) the group they follow.
    for run in runs:
        if run.example_of is not None and not run.negated and run.bound_by is None:
            head = runs[run.example_of]
            wanted = [n for n in run.members if not n.startswith("repo:")]
            wanted += [f"skill:{LANGUAGE_SKILL[n[9:]]}" for n in wanted if n[9:] in LANGUAGE_SKILL]
            if any(s.kind == "concept" for s in head.spans):
                _narrow_family(head, run, wanted, out)
            elif wanted and set(head.members) <= UMBRELLA and not (head.negated or head.preferred):
                # "inference optimization (fusion, quantization, speculative decoding)": the kinds it means.
                head.members = _unique(head.members + wanted)
                out.notes.append(f'"{run.text}" read as examples of {head.text}')
                run.members = []
            elif wanted and _widens(head, wanted):
                head.members = _unique(head.members + wanted)
                out.notes.append(f'"{run.text}" read as examples of {head.text}')
                run.members = []
            elif run.illustrates and _is_skill_head(head):
                # "Triton kernel author (fused softmax, matmuls, quant kernels)": a list of the kinds of work the
                # head covers says what would fit best, not a second requirement.
                out.prefer.extend(n for n in run.members if n not in out.prefer)
                out.notes.append(f'"{run.text}" read as an example of {head.text}: preferred, not required')
                run.members = []
    for run in runs:
        if run.negated or run.not_enough or run.preferred or run.ignored or run.bound_by is not None:
            continue
        if run.example_of is not None and not run.members:
            continue
        required = [n for n in run.members if not n.startswith("repo:")]
        if not required:
            continue
        if run.any_of:
            _add_group(out, required, [s.term for s in run.spans])
        else:
            for s in run.spans:
                names = [n for n in run.members if n in _expand(s)]
                if names:
                    _add_group(out, names, [s.term])
    _finish_groups(out)
    return out


def _narrow_family(head: Run, run: Run, wanted: list[str], out: Reading) -> None:
    """Examples after a skill family: its members narrow it ("GPU kernels (CUDA or Metal)"); languages that
    name no kernel skill stay a requirement of their own ("kernels in C, C++ or CUDA": kernels, and in one of
    those languages); anything else is a second requirement."""
    if head.negated or head.preferred or head.not_enough:
        return
    base = {":".join(n.split(":")[:2]) for n in head.members}
    kinds = [n for n in wanted if ":".join(n.split(":")[:2]) in base or n[9:] in LANGUAGE_SKILL]
    rest = [n for n in wanted if n not in kinds]
    if kinds and not rest:
        head.members = _unique(kinds)
        out.notes.append(f'"{run.text}" read as examples of {head.text}')
        run.members = []
    elif rest and all(n.startswith("language:") for n in rest):
        run.members = [n for n in run.members if n.startswith("language:")]
        out.notes.append(f'"{run.text}" read as the languages of {head.text}')


def _is_skill_head(head: Run) -> bool:
    """A skill asked for outright; a language ("Rust engineer (quantization, SIMD)") is a profile's part, and its
    parenthesis names another requirement."""
    asked = not (head.negated or head.preferred or head.not_enough)
    return asked and any(n.startswith("skill:") for n in head.members)


def _widens(head: Run, examples: list[str]) -> bool:
    """Whether examples are kinds of the head ("SIMD (AVX2, NEON)", "GPU kernels (CUDA, Metal)"), not a
    second requirement ("quant kernels like AVX2 dot products" asks for quantization and AVX2)."""
    if head.negated or head.preferred or head.not_enough:
        return False
    base = {":".join(n.split(":")[:2]) for n in head.members}
    want = {":".join(n.split(":")[:2]) for n in examples}
    return (
        bool(want & base)
        or want <= {n for n in want if n.startswith("language:")}
        and bool(base & {f"skill:{k}" for k in LANGUAGE_SKILL.values()})
    )


def _drop_weak_concepts(t: _Text, spans: list[Span]) -> list[Span]:
    """ "kernels" alone means compute kernels; beside a named skill ("AVX-512 kernels", "quantized kernels") it
    is only the noun. A language does not make it a noun: "kernels in C++ or CUDA" asks for kernels. "GPU"
    before the data or hardware it qualifies ("GPU tensors", "a new GPU family") is no kernel work either."""
    spans = [
        s
        for s in spans
        if not (s.kind == "concept" and s.term in {"gpu", "gpus"} and GPU_CONTEXT.match(t.low[s.end :]))
    ]
    specific = {s.value for s in spans if s.kind == "skill" and not s.soft} | {
        s.value for s in spans if s.kind == "concept" and s.term not in WEAK_CONCEPT_WORDS
    }
    if not specific:
        return spans
    # "quantization in PyTorch, not kernels": a ruled-out "kernels" still says what to demote.
    kept = [
        s
        for s in spans
        if not (s.kind == "concept" and s.term in WEAK_CONCEPT_WORDS) or NEGATION_CUE.search(t.low[: s.start])
    ]
    for s in spans:
        if s not in kept and s.term in TOPIC_CONCEPT_WORDS:
            t.give_back(s.start, s.end)  # "quantized matmul kernels": "matmul" is still worth looking up
    return kept


def _runs(t: _Text, spans: list[Span]) -> list[Run]:
    runs: list[Run] = []
    joiners: list[list[str]] = []
    for s in spans:
        if s.soft and s.kind == "skill":
            continue
        if runs:
            prev = runs[-1].spans[-1]
            same = (prev.kind, prev.value) == (s.kind, s.value)
            # "CUDA C++" is the name of CUDA's language, not CUDA and also C++.
            cuda_cpp = prev.value in {"cuda", "cuda_kernel"} and s.kind == "language" and s.value in {"cpp", "c"}
            # "pybind11 bindings": the generic word after a Python-binding tool is that tool's bindings.
            tool_bindings = prev.value == "python_bindings" and s.value == "ffi" and s.kind == "skill"
            if (same or cuda_cpp or tool_bindings) and not t.low[prev.end : s.start].strip():
                # "FFI bindings", "SIMD intrinsics": two words for one thing.
                runs[-1].spans[-1] = replace(
                    prev, end=s.end, term=f"{prev.term} {s.term}", detail=prev.detail or s.detail
                )
                continue
            gap = t.low[prev.end : s.start]
            m = LIST_GAP.match(gap) or QUALIFIED_LIST_GAP.match(gap)
            # "kernel engineer, Rust would be great": a wish after a bare comma is its own item, not the list's.
            wish = m is not None and m.group(1) is None and PREFER_SUFFIX.match(t.low[s.end :]) is not None
            if m is not None and gap.strip() and not _cue_between(gap) and not wish:
                runs[-1].spans.append(s)
                joiners[-1].append(m.group(1) or ",")
                continue
        runs.append(Run([s]))
        joiners.append([])
    for run, words in zip(runs, joiners, strict=True):
        if any(w not in AND_WORDS and w != "," for w in words):
            run.any_of = True
        elif any(w in AND_WORDS for w in words):
            run.any_of = False
        else:
            # Bare commas list alternatives ("CUDA, HIP, SYCL"; "gradient checkpointing, mixed precision, DDP"),
            # unless the items are only languages and skills side by side ("Rust, CUDA, quantization").
            run.any_of = len({_family(s) for s in run.spans}) == 1 or not _checklist(run)
    return runs


def _checklist(run: Run) -> bool:
    """A bare-comma list that names a language beside a skill reads as a profile's parts, not alternatives."""
    kinds = {s.kind for s in run.spans}
    return "language" in kinds and len(kinds) > 1


def _cue_between(gap: str) -> bool:
    return "(" in gap and ")" not in gap


def _family(s: Span) -> str:
    if s.kind == "language":
        return "compute" if s.value in LANGUAGE_SKILL else "language"
    if s.kind in {"concept"} or s.value in COMPUTE_SKILLS:
        return "compute"
    return s.kind if s.kind != "skill" else f"skill:{s.value}"


def _mark_cues(t: _Text, runs: list[Run]) -> None:
    example_clause_end = -1
    elaboration_end = -1  # "kernel fusion eng: fused norm, fused MoE": the sentence goes on to describe the ask
    wishes = _wish_sections(t.low)
    example_sections = _example_sections(t.low)
    for i, run in enumerate(runs):
        before_start = runs[i - 1].end if i else 0
        before = t.low[before_start : run.start]
        after = t.low[run.end : runs[i + 1].start if i + 1 < len(runs) else len(t.low)]
        prev = runs[i - 1] if i else None
        _mark_techniques(run, before, after)
        if INDIFFERENT_CUE.search(before) or INDIFFERENT_SUFFIX.match(after):
            run.ignored = True
        elif NOT_ONLY_CUE.search(before) or NOT_ENOUGH_SUFFIX.match(after):
            run.not_enough = True
        elif (
            _listed_with_untracked(run, before, after)
            or _ported_from(before, after, i + 1 < len(runs))
            or PREFER_CUE.search(before)
            or PREFER_SUFFIX.match(after)
            or any(start <= run.start < end for start, end in wishes)
            or (ACCEPTABLE_SUFFIX.match(after) and not re.search(r"\beither\b[^.;!?]*$", t.low[: run.start]))
            or (CONTEXT_BEFORE.search(before) and _product_after(run, after))
            or _platform_of(prev, run, before)
            or _platform_modifier(run, runs[i + 1] if i + 1 < len(runs) else None, after)
        ):
            run.preferred = True
        elif (
            NEGATION_CUE.search(before)
            or re.search(r"\bnon[\s-]*$", before)
            or MINUS_CUE.search(before)
            or NEGATION_SUFFIX.match(after)
            or (prev is not None and prev.negated and not before.strip())
        ):
            # "Not CUDA C++": words written as one name ("CUDA C++") share the negation before them.
            run.negated = True
            # "not interested in people who only did the python examples": those whose work is only that.
            run.only = bool(ONLY_DID.search(before))
        elif (
            prev is not None
            and OBJECT_GAP.match(before)
            and any(s.value in {"ffi", "python_bindings"} for s in prev.spans)
        ):
            run.bound_by = i - 1
            _bind(prev, run)
        elif prev is not None and any(s.kind == "concept" for s in prev.spans) and SPECIFY_GAP.match(before):
            run.example_of = i - 1  # "kernels in OpenCL or CUDA": the list says which kernels
        elif run.start < elaboration_end and all(_kind_of_work(s) for s in run.spans):
            # After "<skill> engineer:" the kinds of work listed say what fits best, not more requirements; the
            # platform named there ("AMD GPU kernel engineer - HIP/ROCm") is still what is asked.
            run.preferred = True
        elif EXAMPLE_CUE.search(before) or STYLE_SUFFIX.match(after):
            head = i - 1 if prev is not None and _same_clause(before) and not prev.negated else None
            if STYLE_SUFFIX.match(after) and not EXAMPLE_CUE.search(before):
                head = None  # "ggml-style quantization": the repo is a model, the skill after it is the ask
            run.example_of = head
            run.examples = head is None
            if EXAMPLE_CUE.search(before):
                parenthesis = before.rstrip().endswith("(")
                example_clause_end = _clause_end(t.low, run.end, parenthesis=parenthesis)
                listed = len(run.spans) > 1 or re.search(r",|/|\bor\b", t.low[run.end : example_clause_end])
                run.illustrates = parenthesis and bool(listed)
        elif run.start < example_clause_end:
            # "e.g. int4 dequant fused into a CUDA GEMM": what else the example names illustrates it.
            run.preferred = True
        elif any(start <= run.start < end and _asked_before(runs[:i], start) for start, end in example_sections):
            run.preferred = True
        if elaboration_end < run.end and _asks_a_skill(run) and ELABORATION_GAP.match(after):
            found = re.compile(r"[.;!?\n]").search(t.low, run.end)
            elaboration_end = found.start() if found else len(t.low)


# AMD GPU work is written in Python drivers and Triton backends as much as in HIP kernels, and commits say "AMD",
# "ROCm" or "HIP" whatever words the sentence used ("MI300X", "Radeon"): the commit text is searched for those too.
AMD_WORDS = ("amd", "rocm", "hip")


def _with_implied_words(groups: list[list[str]], terms: list[list[str]]) -> list[list[str]]:
    out = []
    for group, words in zip(groups, terms, strict=True):
        if any(n.endswith((f":{AMD_DETAIL}", ":rocm")) for n in group):
            words = _unique([*words, *AMD_WORDS])
        out.append(words)
    return out


def _example_sections(low: str) -> list[tuple[int, int]]:
    """Where an example cue opening a clause makes the rest of it examples, as (start, end) offsets."""
    sections = []
    for m in EXAMPLE_OPENER.finditer(low):
        stop = EXAMPLE_END.search(low, m.end())
        sections.append((m.start(), stop.start() if stop else len(low)))
    return sections


def _wish_sections(low: str) -> list[tuple[int, int]]:
    """Where a heading such as "Nice:" or "Bonus -" makes what follows wishes, as (start, end) offsets."""
    sections = []
    for m in WISH_HEADING.finditer(low):
        stop = WISH_END.search(low, m.end())
        end = stop.start() if stop else len(low)
        required = REQUIRED_HEADING.search(low, m.end(), end)
        sections.append((m.end(), required.start() if required else end))
    return sections


def _asked_before(runs: list[Run], start: int) -> bool:
    """Whether a run before START asks for something, so that examples after it have something to illustrate."""
    return any(
        r.end <= start
        and not (r.negated or r.preferred or r.not_enough)
        and any(s.kind in {"skill", "language", "concept"} for s in r.spans)
        for r in runs
    )


def _kind_of_work(s: Span) -> bool:
    """A skill that says what is computed or built (attention, quantization, serving), not on what platform."""
    platforms = {"cuda_kernel", "metal_kernel", "gpu_shader", "triton_kernel", "simd", "backend_port"}
    return s.kind == "skill" and s.value not in platforms and s.detail is None


def _asks_a_skill(run: Run) -> bool:
    """A specific skill named and not ruled out (a plus counts too: "kernels for their serving stack - GEMMs").
    An umbrella ("engineers who benchmark: roofline, perf counters") is what its list spells out, not a head."""
    named = {f"skill:{s.value}" for s in run.spans if s.kind == "skill"} | {
        "concept" for s in run.spans if s.kind == "concept"
    }
    return not (run.negated or run.not_enough) and bool(named - UMBRELLA)


def _platform_of(prev: Run | None, run: Run, before: str) -> bool:
    """ "distributed training on GPUs": the GPUs are where the work before them runs."""
    return prev is not None and PLATFORM_BEFORE.search(before) is not None and _runs_on(run, prev)


def _runs_on(platform: Run, work: Run) -> bool:
    """Whether PLATFORM names only hardware ("GPUs", "Apple silicon") and WORK is work that is no kernel writing."""
    return all(PLATFORM_TERM.match(s.term) for s in platform.spans) and any(
        s.kind == "skill" and s.value in PLATFORM_FREE_SKILLS for s in work.spans
    )


def _mark_techniques(run: Run, before: str, after: str) -> None:
    """A repository named for what it does ("flash attention") is a place of work only with words that make it one:
    "contributors to flash attention", "in the flash-attention repo", "flash attention maintainers"."""
    if PLACE_BEFORE.search(before) or PLACE_AFTER.match(after) or _lists_a_plain_repo(run):
        return
    run.spans = [
        replace(s, technique=True) if s.kind == "repo" and s.skill_alternative and not s.listed_with_repos else s
        for s in run.spans
    ]


def _platform_modifier(run: Run, following: Run | None, after: str) -> bool:
    """ "GPU caching allocator", "GPU serving stack": a GPU word written onto work that is not kernel writing says
    where that work runs, as "on GPUs" after it does."""
    return following is not None and not after.strip(" -") and _runs_on(run, following)


def _product_after(run: Run, after: str) -> bool:
    """ "for a GPU inference runtime": the run names the product; "our Python training stack" still asks Python."""
    m = CONTEXT_AFTER.match(after)
    return m is not None and not (m.group("qualified") and all(sp.kind == "language" for sp in run.spans))


def _listed_with_untracked(run: Run, before: str, after: str) -> bool:
    """A language listed with languages Scout does not index, or a bare "AMD" listed with hardware it has no skill
    for: the list says what would do, so the known member cannot stand for it as a requirement."""
    amd = [sp for sp in run.spans if sp.term == "amd"]  # "AMD GPUs" alone is still the ask
    if amd and all(sp in amd or sp.kind == "concept" for sp in run.spans):
        return bool(HARDWARE_BEFORE.search(before) or HARDWARE_AFTER.match(after))
    return all(sp.kind == "language" for sp in run.spans) and bool(
        UNTRACKED_BEFORE.search(before) or UNTRACKED_AFTER.match(after)
    )


def _ported_from(before: str, after: str, more_follows: bool) -> bool:
    if more_follows and ORIGIN_CUE.search(before):
        return True
    return more_follows and bool(PORT_FROM_CUE.search(before)) and bool(PORT_TO_GAP.match(after))


def _clause_end(text: str, start: int, *, parenthesis: bool) -> int:
    """Where an example that began before `start` ends: its closing parenthesis, else the clause's end."""
    pattern = r"\)" if parenthesis else r"[;.!?)]|\s-\s|\b(?:who|that|which|and|with|but)\b"
    found = re.compile(pattern).search(text, start)
    return found.start() if found else len(text)


def _same_clause(gap: str) -> bool:
    """Whether an example cue still belongs to the term before it ("attention kernels such as ...")."""
    cut = EXAMPLE_CUE.sub("", gap)
    words = re.findall(r"[a-z0-9+#]+", cut)
    breaks = {"and", "with", "who", "that", "which", "also", "plus", "or", "but"}
    return not (set(words) & breaks) and len(words) <= 4 and not re.search(r"[;.!?]", cut)


def _bind(ffi_run: Run, targets: Run) -> None:
    """ "bindings to C++ or Metal": the FFI term asks for FFI to any of the targets."""
    # "bindings to C libraries": the target is itself an FFI term, so it says nothing more.
    bound = [s.term.lower() if s.kind != "language" else s.value for s in targets.spans if s.value != "ffi"]
    if not bound:
        return
    for k, s in enumerate(ffi_run.spans):
        # Python bindings are for native code by definition: what they wrap needs no detail.
        if s.value == "ffi" and s.kind == "skill":
            ffi_run.spans[k] = replace(s, detail="|".join(bound))


def _lists_a_plain_repo(run: Run) -> bool:
    """ "torchao or flash-attention": listed with a repository named for nothing else, each names a place."""
    return any(s.kind in {"repo", "other repo"} and not s.skill_alternative for s in run.spans)


def _members(run: Run) -> list[str]:
    if _lists_a_plain_repo(run):
        run.spans = [replace(s, listed_with_repos=True) if s.skill_alternative else s for s in run.spans]
    if run.any_of and len(run.spans) > 1 and any(s.value == "backend_port" for s in run.spans):
        # "a ROCm or CANN backend": the list shares the noun, so each member is a backend; named platforms ask for
        # work on those platforms, a list with an unnamed one ("new accelerator backends: ...") for any bring-up.
        platforms = [_platform_backend(s) for s in run.spans]
        if all(platforms):
            return _unique([n for names in platforms for n in names or ()])
        return ["skill:backend_port"]
    names: list[str] = []
    for s in run.spans:
        names.extend(_expand(s))
    return _unique(names)


def _expand(s: Span) -> list[str]:
    if (s.value == "cuda_kernel" and s.detail == AMD_DETAIL) or s.value == "amd_gpu":
        return list(_AMD_WORK)
    if s.kind == "skill" and s.detail and "|" in s.detail:
        return [f"skill:{s.value}:{d}" for d in s.detail.split("|")]
    if s.value == "backend_port" and (platform := _platform_backend(s)):
        return platform
    if s.kind == "repo" and s.technique and s.skill_alternative:
        return [f"skill:{s.skill_alternative}"]
    if s.kind == "repo" and s.skill_alternative and not s.listed_with_repos:
        return [f"repo:{s.value}", f"skill:{s.skill_alternative}"]
    if s.kind in {"repo", "other repo"}:
        return [f"repo:{s.value}"] if s.kind == "repo" else []
    return s.criteria()


def _platform_backend(s: Span) -> list[str] | None:
    """ "the Vulkan backend", "a CANN backend": work on that platform's backend (its kernels, or bringing it up),
    not a bring-up anywhere; None for a term that names no platform ("accelerator backends", "bring-up")."""
    word = s.term.split()[0] if s.term else ""
    if s.kind == "skill" and s.value not in {"backend_port", "gpu_shader", "metal_kernel", "cuda_kernel"}:
        return None
    if word not in BACKEND_PLATFORMS or (s.value != "backend_port" and len(s.term.split()) > 1):
        return None  # "Vulkan compute shaders" in a list of backends is shader work, read as written
    if BRING_UP_WORD.search(s.term):
        return [f"skill:backend_port:{word}"]  # "WebGPU backend bring-up": bringing that platform up
    return [f"skill:backend_port:{word}", *BACKEND_PLATFORMS[word]]


def _avoid_names(s: Span) -> list[str]:
    names = [n for n in _expand(s) if not n.startswith("repo:") or s.kind == "repo"]
    if s.kind == "language" and s.value in LANGUAGE_SKILL:
        names.append(f"skill:{LANGUAGE_SKILL[s.value]}")
    return names


def _add_group(out: Reading, names: list[str], terms: list[str]) -> None:
    out.groups.append(_unique(names))
    out.group_terms.append(_unique(terms))


def _finish_groups(out: Reading) -> None:
    """Languages asked for side by side are one choice; CUDA/Metal join their kernels; C++ takes C."""
    _asked_outright_wins(out)
    avoid = set(out.avoid)
    groups: list[list[str]] = []
    terms: list[list[str]] = []
    language_at: int | None = None
    for g, words in zip(out.groups, out.group_terms, strict=True):
        if any(n.startswith("skill:simd:") for gg in out.groups for n in gg) and g == ["skill:simd"]:
            continue  # a named ISA elsewhere says which SIMD
        g = [n for n in g if not _avoided(n, avoid)]
        if not g:
            continue
        plain_languages = all(n.startswith("language:") and n[9:] not in LANGUAGE_SKILL for n in g)
        if plain_languages and language_at is not None:
            groups[language_at] = _unique(groups[language_at] + g)
            terms[language_at] = _unique(terms[language_at] + words)
            continue
        if plain_languages:
            language_at = len(groups)
        groups.append(g)
        terms.append(words)
    for g in groups:
        for n in list(g):
            kind, _, value = n.partition(":")
            if kind == "skill" and value in SKILL_LANGUAGE:
                g.append(f"language:{SKILL_LANGUAGE[value]}")
        if any(n.startswith("skill:") and n.split(":")[1] in COMPUTE_SKILLS for n in g):
            g.extend(f"skill:{LANGUAGE_SKILL[n[9:]]}" for n in list(g) if n[9:] in LANGUAGE_SKILL)
        if "language:cpp" in g:
            g.append("language:c")
        g[:] = sorted(n for n in _unique(g) if n not in avoid)
    keep = [i for i, g in enumerate(groups) if g]
    at: dict[tuple[str, ...], int] = {}
    out.groups, out.group_terms = [], []
    for i in keep:
        key = tuple(groups[i])
        if key in at:
            out.group_terms[at[key]] = _unique(out.group_terms[at[key]] + terms[i])
            continue
        at[key] = len(out.groups)
        out.groups.append(groups[i])
        out.group_terms.append(terms[i])
    _binding_hosts_preferred(out)
    _drop_implied_groups(out)
    out.prefer = [p for p in _unique(out.prefer) if p not in avoid]


def _avoided(name: str, avoid: set[str]) -> bool:
    return name in avoid or ":".join(name.split(":")[:2]) in avoid


def _asked_outright_wins(out: Reading) -> None:
    """ "ML compiler engineer, other than a torch.compile user": a requirement that a negation in other words
    would remove entirely stays; the negation is about a narrower use of the same thing ("a user of it"). A
    negation that only narrows a group ("GPU kernels, not CUDA"), or repeats the very words ("CUDA excluded...
    without CUDA"), still applies."""
    avoid = set(out.avoid)
    kept = {
        n
        for g, words in zip(out.groups, out.group_terms, strict=True)
        if g and all(_avoided(n, avoid) for n in g) and not set(words) & out.avoid_terms
        for n in g
    }
    if not kept:
        return
    kept |= {":".join(n.split(":")[:2]) for n in kept}
    out.avoid = [n for n in out.avoid if n not in kept]
    out.notes.append(f"asked for and also ruled out: {', '.join(sorted(kept))} kept as asked, the negation dropped")


def _binding_hosts_preferred(out: Reading) -> None:
    """The language a binding is written for is where the bound code is called from, not what the person must
    write: "exposing a Rust or C++ core to Python" asks for PyO3/pybind11 work on Rust or C++, and "wrapping a
    native lib so Swift apps can call it" for FFI work; Python (with Python bindings) and application languages
    (with FFI) become a plus."""
    named = {n for g in out.groups for n in g}
    hosts: set[str] = set()
    if "skill:python_bindings" in named:
        hosts.add("language:python")
    if any(n.split(":")[:2] == ["skill", "ffi"] for n in named):
        hosts |= {f"language:{k}" for k in LANGUAGES if k not in SYSTEMS_LANGUAGES and k != "python"}
    if not hosts:
        return
    groups, terms = [], []
    for g, words in zip(out.groups, out.group_terms, strict=True):
        called_from = [n for n in g if n in hosts]
        if not called_from or not all(n.startswith("language:") for n in g):
            groups.append(g)
            terms.append(words)
            continue
        out.prefer.extend(called_from)
        kept = [n for n in g if n not in hosts]
        if kept:
            groups.append(kept)
            terms.append(words)
        else:
            why = "read as where the bindings are called from: preferred, not required"
            out.notes.append(f'"{", ".join(words)}" {why}')
    out.groups, out.group_terms = groups, terms


def _drop_implied_groups(out: Reading) -> None:
    """A group that contains another group entirely asks for nothing more: "SYCL or OpenCL devs for Intel
    GPUs" is GPU compute shaders, not shaders and also any GPU kernels. Kernels for AMD GPUs are GPU kernels:
    beside them, "kernel" or "GPU" in general asks for nothing more ("AMD GPU kernel engineer")."""
    sets = [set(g) for g in out.groups]
    amd = any(f"skill:cuda_kernel:{AMD_DETAIL}" in g for g in sets)
    keep = [
        i
        for i, g in enumerate(sets)
        if not any(j != i and h < g for j, h in enumerate(sets))
        and not (amd and "skill:cuda_kernel" in g and g <= GPU_KERNEL_FAMILY)
    ]
    out.groups = [out.groups[i] for i in keep]
    out.group_terms = [out.group_terms[i] for i in keep]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _phrases(t: _Text) -> list[str]:
    # What follows a negation up to the clause's end ("no pure researchers", "not the Makefile") is what the
    # recruiter does not want: looked up in commit text it would reward exactly those people.
    residual = NEGATED_CLAUSE.sub(lambda m: "|" * len(m.group(0)), t.residual())
    chunks = re.split(r"[|,;:.()!?\"]+|\s-\s", CONNECTORS.sub("|", residual))
    phrases: list[str] = []
    for chunk in chunks:
        found = re.findall(r"[a-z0-9][a-z0-9+#\-_.]*[a-z0-9+#]|[a-z0-9]", chunk)
        # A lone letter is what a consumed term left behind ("mmap'd", "GPU's"), not a word.
        words = [
            w for w in found if w not in STOPWORDS and not (len(w) == 1 and w.isalpha()) and not SALARY.fullmatch(w)
        ]
        if not words:
            continue
        if len(words) == 1 and len(words[0]) < 3:
            continue
        phrases.append(" ".join(words[:6]))
        if len(words) > 3:
            phrases.extend(" ".join(words[i : i + 3]) for i in range(0, min(len(words), 6) - 2))
    unique = list(dict.fromkeys(phrases))  # first occurrence of each, in order
    return unique[:MAX_PHRASES]


def _paraphrases(
    phrases: list[str], vectors: np.ndarray, vocab: Vocabulary, embedder: TextEncoder
) -> list[tuple[str, str, float]]:
    if not phrases or vocab.anchor_vectors is None:
        return []
    sims = vocab.skill_similarities(vectors)
    keys = vocab.skill_keys
    out: list[tuple[str, str, float]] = []
    for i, phrase in enumerate(phrases):
        order = np.argsort(-sims[i])
        best, second = float(sims[i, order[0]]), float(sims[i, order[1]]) if len(order) > 1 else -1.0
        threshold = PARAPHRASE_THRESHOLD if " " in phrase else SINGLE_WORD_THRESHOLD
        if best < threshold or best - second < PARAPHRASE_MARGIN:
            continue
        skill = keys[int(order[0])]
        if _alike_only_by_a_shared_word(phrase, vocab.best_anchor(vectors[i], skill), embedder):
            continue
        out.append((phrase, skill, best))
    out.sort(key=lambda x: -x[2])
    return out


def _alike_only_by_a_shared_word(phrase: str, anchor: str, embedder: TextEncoder) -> bool:
    """ "tensor library" is close to "compiling tensor programs" because both say "tensor": what tells them
    apart is the rest, and when the rest is unalike the phrase is not a paraphrase of the anchor."""
    mine, theirs = _stems(phrase), _stems(anchor)
    shared = mine.keys() & theirs.keys()
    if not shared:
        return False
    rest = [w for s, w in mine.items() if s not in shared]
    other = [w for s, w in theirs.items() if s not in shared]
    if not rest or not other:
        return False
    a, b = np.asarray(embedder.encode([" ".join(rest), " ".join(other)]), dtype=np.float32)
    cosine = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
    return cosine < PARAPHRASE_REST_THRESHOLD


def _stems(text: str) -> dict[str, str]:
    words = [w for w in re.findall(r"[a-z0-9+#]+", text.lower()) if w not in STOPWORDS and len(w) > 1]
    return {w.rstrip("s"): w for w in words}


def _keywords(phrases: list[str], paraphrased: dict[str, str], topics: list[str]) -> list[str]:
    """Phrases nothing understood, for the lexical index: whole chunks, not the 3-word windows inside them."""
    covered = set(paraphrased)
    out: list[str] = []
    for phrase in phrases:
        if phrase in covered or any(p in phrase or phrase in p for p in covered):
            continue
        if any(phrase in o for o in out):
            continue  # a window of a chunk already kept
        out.append(phrase)
    out.extend(w for w in topics if w not in out)
    return out[:MAX_KEYWORDS]


def _confidence(t: _Text, phrases: list[str], paraphrased: dict[str, str]) -> float:
    """Share of content words consumed by a rule or read as a paraphrase."""
    understood = total = 0
    para_words = {w for p in paraphrased for w in p.split()}
    for m in re.finditer(r"[a-z0-9][a-z0-9+#\-_.]*", t.low):
        word = m.group(0).strip(".")
        if word in STOPWORDS or len(word) < 2:
            continue
        total += 1
        if not t.free(m.start(), m.end()) or word in para_words:
            understood += 1
    return round(understood / total, 3) if total else 1.0


def _repos(spans: list[Span], vocab: Vocabulary) -> tuple[list[str], list[str]]:
    repos: list[str] = []
    notes: list[str] = []
    for s in spans:
        if vocab.indexed_repos and s.value not in vocab.indexed_repos:
            note = f'"{s.term}" is {s.value}, which is not indexed; not used as a constraint'
            if note not in notes:
                notes.append(note)
            continue
        if s.value not in repos:
            repos.append(s.value)
    return repos, notes
