from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit

KERNEL = """
    import triton
    import triton.language as tl


    @triton.jit
    def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
        pid = tl.program_id(0)
        offs = pid * BLOCK + tl.arange(0, BLOCK)
        tl.store(out_ptr + offs, tl.load(x_ptr + offs) + tl.load(y_ptr + offs), mask=offs < n)
"""

WRAPPER = """
    def add(x, y):
        out = torch.empty_like(x)
        add_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, out, x.numel(), BLOCK=1024)
        return out
"""


def _triton(files: dict[str, str], message: str = "Add kernel") -> list:
    return [s for s in detect_commit(commit(files, message), Settings()).signals if s.kind == "triton_kernel"]


def test_a_jitted_kernel_is_found_with_its_name_and_api() -> None:
    found = _triton({"ops/add.py": KERNEL})
    assert found and found[0].detail["api"] == "triton" and found[0].detail["name"] == "add_kernel"
    assert found[0].evidence.line == 5  # the decorator's line


def test_a_wrapper_launching_a_kernel_is_not_kernel_work() -> None:
    assert _triton({"ops/add.py": WRAPPER}) == []


def test_a_commit_of_triton_kernels_is_systems_work_not_python_only() -> None:
    kernel = detect_commit(commit({"ops/add.py": KERNEL}), Settings()).commit_class
    wrapper = detect_commit(commit({"ops/add.py": WRAPPER}), Settings()).commit_class
    assert not kernel.python_only and kernel.systems_lines > 0 and kernel.app_lines == 0
    assert wrapper.python_only and wrapper.systems_lines == 0


def test_a_kernel_in_a_test_file_does_not_make_it_systems_code() -> None:
    cls = detect_commit(commit({"test/test_add.py": KERNEL}), Settings()).commit_class
    assert cls.systems_lines == 0


def test_jax_jit_and_docstrings_naming_triton_do_not_fire() -> None:
    code = '''
        @jax.jit
        def step(x):
            """Like a @triton.jit kernel calling tl.load."""
            return x * 2
    '''
    assert _triton({"model/step.py": code}) == []


def test_lines_inside_an_existing_kernel_fire_without_the_decorator() -> None:
    body = """
            acc += tl.dot(a, b)
            tl.store(c_ptr + offs, acc)
    """
    found = _triton({"ops/mm.py": body})
    assert found and found[0].detail["pattern"] == "kernel_body"
