from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit


def _serving(files: dict[str, str]) -> list:
    return [s for s in detect_commit(commit(files), Settings()).signals if s.kind == "serving"]


def test_an_axum_chat_completions_route_is_server_work() -> None:
    code = """
        let app = Router::new().route("/v1/chat/completions", post(chatcompletions));
    """
    found = _serving({"server/src/router.rs": code})
    assert found and found[0].detail == {"pattern": "route", "area": "server_api"}


def test_an_httplib_client_post_is_not_a_route() -> None:
    code = """
        httplib::Client cli("localhost", 8080);
        auto res = cli.Post("/inference", body, "application/json");
    """
    assert _serving({"tools/client.cpp": code}) == []


def test_a_sampler_counts_in_the_engine_but_not_in_a_cli_example() -> None:
    code = """
        fn sample_top_p(&self, probs: &[f32], top_p: f32) -> u32 {
            0
        }
    """
    assert _serving({"engine/src/sampler.rs": code})[0].detail["area"] == "sampling"
    assert _serving({"candle-examples/examples/phi/main.rs": code}) == []
    assert _serving({"examples/server/sampling.rs": code})


def test_a_bare_scheduler_needs_requests_or_sequences_in_its_file() -> None:
    streams = """
        class Scheduler {
         public:
          void enqueue(const Stream& stream, std::function<void()> task);
        };
    """
    requests = """
        class Scheduler {
          std::deque<Request> waiting;
        };
    """
    assert _serving({"mlx/scheduler.h": streams}) == []
    assert _serving({"engine/scheduler.h": requests})


def test_a_python_inference_route_counts_and_a_health_route_does_not() -> None:
    route = """
        @app.post("/v1/completions")
        async def completions_endpoint(request):
            return await engine.generate(request)
    """
    health = """
        @app.get("/health")
        def health():
            return {"status": "ok"}
    """
    assert _serving({"serve/api.py": route})[0].detail["pattern"] == "route"
    assert _serving({"serve/api.py": health}) == []
