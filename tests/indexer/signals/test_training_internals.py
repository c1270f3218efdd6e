from indexer.signals import detect_commit
from indexer.signals.training_internals import part_of
from models.settings import Settings

from .helpers import commit


def _train(files: dict[str, str], message: str = "Change") -> list:
    return [s for s in detect_commit(commit(files, message), Settings()).signals if s.kind == "training_internals"]


def test_a_custom_autograd_function_is_autograd_work() -> None:
    code = """
        class Square(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return 2 * x * g
    """
    found = _train({"ops/square.py": code})
    assert found and found[0].detail == {"pattern": "class", "part": "autograd", "name": "Square"}


def test_calling_backward_and_step_in_a_training_script_is_not() -> None:
    code = """
        loss = model(x).loss
        loss.backward()
        optimizer.step()
    """
    assert _train({"scripts/train.py": code}) == []


def test_rust_optimizer_and_backward_impls_name_their_part() -> None:
    code = """
        impl<B: Backend> SimpleOptimizer<B> for Sgd {
            type State<const D: usize> = SgdState<B, D>;
        }
        impl<B: Backend> Backward<B, 1> for Exp {
            type State = ();
        }
    """
    parts = {s.detail["part"] for s in _train({"crates/burn-optim/src/sgd.rs": code})}
    assert parts == {"optimizer", "autograd"}


def test_subject_naming_gradient_checkpointing_counts_as_text() -> None:
    found = _train({}, "Add gradient checkpointing for the decoder layers")
    assert found and found[0].detail["part"] == "checkpointing" and found[0].evidence.path is None


def test_parts_from_names() -> None:
    assert part_of("fused_adam_kernel") == "optimizer"
    assert part_of("layer_norm_backward") == "autograd"
    assert part_of("run_graph_optimizer") is None
    assert part_of("recompute_kv") is None
    assert part_of("DynamicLossScaler") == "loss_scaling"


def test_an_inline_rust_test_of_a_backward_pass_is_not_the_pass() -> None:
    code = "fn avg_pool2d_backward_should_work() {\n    assert_eq!(1, 1);\n}"
    assert _train({"crates/burn-wgpu/src/kernel/pool.rs": code}) == []
