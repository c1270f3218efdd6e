"""Labelled cases for the serving detector."""

from indexer.signals.labelled import neg, pos

D = "serving"
CASES = [
    pos(
        D,
        "candle-nn/src/kv_cache.rs",
        """
        #[derive(Debug, Clone)]
        pub struct KvCache {
            k: Cache,
            v: Cache,
        }
    """,
        "KvCache type",
    ),
    pos(
        D,
        "src/block_manager.rs",
        """
        pub struct BlockManager {
            free_blocks: Vec<usize>,
            block_tables: HashMap<u64, Vec<usize>>,
        }
    """,
        "block manager",
    ),
    pos(
        D,
        "src/scheduler.rs",
        """
        pub struct Scheduler {
            waiting: VecDeque<Request>,
            running: Vec<Request>,
            max_num_seqs: usize,
        }
    """,
        "scheduler type",
    ),
    pos(
        D,
        "src/scheduler.rs",
        """
        impl Engine {
            fn schedule(&mut self) -> Vec<SeqId> {
                let mut batch = Vec::new();
                while let Some(r) = self.waiting.pop_front() { batch.push(r.id); }
                batch
            }
        }
    """,
        "schedule function",
    ),
    pos(
        D,
        "src/llama-kv-cache.cpp",
        """
        bool llama_kv_cache_find_slot(struct llama_kv_cache & cache, const struct llama_ubatch & batch) {
            const uint32_t n_tokens = batch.n_tokens;
            return n_tokens <= cache.size;
        }
    """,
        "llama kv cache function",
    ),
    pos(
        D,
        "src/speculative.cpp",
        """
        struct common_speculative {
            struct llama_context * ctx;
            struct common_sampler * smpl;
        };
        llama_tokens common_speculative_gen_draft(struct common_speculative * spec, llama_tokens prompt) {
            return {};
        }
    """,
        "speculative decoding",
    ),
    pos(
        D,
        "src/spec.rs",
        """
        fn verify_draft_tokens(&mut self, draft: &[u32], logits: &Tensor) -> Result<usize> {
            Ok(draft.len())
        }
    """,
        "verify draft",
    ),
    pos(
        D,
        "src/server.cpp",
        """
        params.n_draft = 16;
        slot.n_draft_max = params.n_draft;
    """,
        "n_draft field",
    ),
    pos(
        D,
        "src/paged.rs",
        """
        pub struct PagedKvCache {
            pages: Vec<Tensor>,
            page_size: usize,
        }
    """,
        "paged kv cache",
    ),
    pos(
        D,
        "src/batcher.rs",
        """
        pub struct ContinuousBatcher {
            queue: RequestQueue,
        }
        impl ContinuousBatcher {
            pub fn add_request(&mut self, r: Request) { self.queue.push(r) }
        }
    """,
        "continuous batcher",
    ),
    pos(
        D,
        "src/evict.cpp",
        """
        void CacheEngine::swap_out(const std::vector<int> & blocks) {
            for (int b : blocks) host_.copy_from(device_, b);
        }
    """,
        "cache engine swap out",
    ),
    neg(
        D,
        "candle-transformers/src/models/llama.rs",
        """
        pub fn clear_kv_cache(&mut self) {
            for layer in self.layers.iter_mut() { layer.kv_cache = None }
        }
    """,
        "model clearing its kv cache",
    ),
    neg(
        D,
        "candle-transformers/src/models/phi.rs",
        """
        let (k, v) = self.kv_cache.append(&k, &v)?;
    """,
        "model appending to a kv cache",
    ),
    neg(
        D,
        "src/model.rs",
        """
        pub struct Attention {
            q_proj: Linear,
            kv_cache: Option<(Tensor, Tensor)>,
        }
    """,
        "model holding kv cache field",
    ),
    neg(
        D,
        "scripts/serve.py",
        """
        from vllm import LLM
        llm = LLM(model="x", enable_prefix_caching=True)
        llm.generate(prompts)
    """,
        "python serving client",
    ),
    neg(
        D,
        "src/main.rs",
        """
        // speculative decoding and continuous batching would go here
        let out = model.forward(&input, 0)?;
    """,
        "serving words in a comment",
    ),
    neg(
        D,
        "src/train.rs",
        """
        let lr_scheduler = CosineScheduler::new(1e-3, steps);
        let lr = lr_scheduler.step();
    """,
        "learning rate scheduler usage",
    ),
    neg(
        D,
        "src/data.rs",
        """
        fn next_batch(&mut self) -> Option<Batch> {
            self.iter.next()
        }
    """,
        "data batch iterator",
    ),
    neg(
        D,
        "docs/serving.md",
        """
        The scheduler admits requests into the running batch while KV cache blocks are free.
    """,
        "docs",
    ),
    neg(
        D,
        "src/http.rs",
        """
        async fn handle(req: Request) -> Response {
            Response::new(Body::from("ok"))
        }
    """,
        "http handler",
    ),
    neg(
        D,
        "src/cache.rs",
        """
        pub fn reset_cache(&mut self) { self.cache.clear(); }
        let cached = self.cache.get(&key);
    """,
        "generic cache",
    ),
    neg(
        D,
        "candle-transformers/src/models/stable_diffusion/ddpm.rs",
        """
        pub struct DDPMScheduler {
            alphas_cumprod: Vec<f64>,
            init_noise_sigma: f64,
        }
    """,
        "diffusion noise scheduler (found on real code)",
    ),
    neg(
        D,
        "candle-flash-attn-v3/hkernel/tile_scheduler.hpp",
        """
        class StaticPersistentTileScheduler {
        public:
            int num_blocks;
        };
    """,
        "GPU tile scheduler (found on real code)",
    ),
    neg(
        D,
        "candle-nn/src/dataset.rs",
        """
        pub struct Batcher<I> {
            inner: I,
            batch_size: usize,
        }
    """,
        "training data batcher (found on real code)",
    ),
    # Samplers, request lifecycles and the server in front of them, as mistral.rs, whisper.cpp's server and
    # llama-style code write them; with the look-alikes they share names with.
    pos(
        D,
        "mistralrs-core/src/sampler.rs",
        """
        impl Sampler {
            fn sample_top_kp_min_p(&self, probs: &mut [f32], top_k: i64, top_p: f32, min_p: f32) -> Result<u32> {
                let mut argsort_indices = (0..probs.len()).collect::<Vec<_>>();
                argsort_indices.sort_unstable_by(|&i, &j| probs[j].total_cmp(&probs[i]));
            }
        }
    """,
        "top-k/top-p/min-p sampler",
    ),
    pos(
        D,
        "mistralrs-core/src/sampler.rs",
        """
        pub struct SamplingParams {
            pub temperature: Option<f64>,
            pub top_k: Option<usize>,
            pub top_p: Option<f64>,
            pub frequency_penalty: Option<f32>,
        }
    """,
        "sampling params",
    ),
    pos(
        D,
        "mistralrs-server-core/src/mistralrs_server_router_builder.rs",
        """
        let router = Router::new()
            .route("/v1/chat/completions", post(chatcompletions))
            .route("/v1/models", get(models))
            .with_state(state);
    """,
        "axum routes of an OpenAI-compatible server",
    ),
    pos(
        D,
        "mistralrs-server-core/src/completions.rs",
        """
            let streamer = Streamer { rx, done_state: DoneState::Running, state };
            Sse::new(streamer).keep_alive(KeepAlive::new().interval(Duration::from_millis(keep_alive_interval)))
    """,
        "SSE token streaming",
    ),
    pos(
        D,
        "examples/server/server.cpp",
        """
            svr->Post(sparams.request_path + sparams.inference_path, [&](const Request &req, Response &res){
                std::lock_guard<std::mutex> lock(whisper_mutex);
                res.set_content(results, "application/json");
            });
    """,
        "httplib inference route (whisper.cpp server)",
    ),
    pos(
        D,
        "tools/server/server.cpp",
        """
            svr->Post("/completion", handle_completions);
            svr->Post("/v1/chat/completions", handle_chat_completions);
    """,
        "llama.cpp-style server routes to handlers",
    ),
    pos(
        D,
        "src/whisper.cpp",
        """
        static whisper_token_data whisper_sample_token(whisper_context & ctx, const whisper_decoder & dec, bool best) {
            const auto & probs = decoder.probs;
            const auto & logprobs = decoder.logprobs;
            whisper_token_data result = {0, 0, 0.0f, 0.0f, 0.0f, 0.0f, -1, -1, -1, 0.0f};
            return result;
        }
    """,
        "token sampling in the decoder",
    ),
    pos(
        D,
        "mistralrs-core/src/engine/mod.rs",
        """
            async fn finish_seq(&mut self, seq: &mut Sequence, reason: StopReason) -> Result<()> {
                seq.set_state(SequenceState::Done(reason));
                self.prefix_cacher.add_sequence(seq);
            }
    """,
        "engine finishing a sequence",
    ),
    pos(
        D,
        "mistralrs-core/src/paged_attention/block_engine.rs",
        """
        pub struct BlockEngine {
            num_gpu_blocks: usize,
            pub block_tables: HashMap<usize, BlockTable>,
        }
    """,
        "paged-attention block engine with block tables",
    ),
    pos(
        D,
        "serve/api_server.py",
        """
        @app.post("/v1/chat/completions")
        async def create_chat_completion(request: ChatCompletionRequest):
            generator = engine.generate(request.messages, request.sampling_params)
            return StreamingResponse(generator, media_type="text/event-stream")
    """,
        "Python OpenAI-compatible route",
    ),
    pos(
        D,
        "serve/scheduler.py",
        """
        class Scheduler:
            def schedule(self):
                while self.waiting and self.can_allocate(self.waiting[0]):
                    seq_group = self.waiting.popleft()
                    self.running.append(seq_group)
    """,
        "Python batch scheduler over sequence groups",
    ),
    neg(
        D,
        "tools/bench_client.cpp",
        """
            httplib::Client cli("localhost", 8080);
            auto res = cli.Post("/inference", body, "application/json");
    """,
        "an HTTP client posting to a server",
    ),
    neg(
        D,
        "mistralrs-server/tests/chat.rs",
        """
        async fn chat_roundtrip() {
            let res = client.post("http://localhost:1234/v1/chat/completions").json(&body).send().await?;
        }
    """,
        "an HTTP client in a test",
    ),
    neg(
        D,
        "candle-examples/examples/llama/main.rs",
        """
        fn sample_next_token(logits: &Tensor, temperature: f64, top_p: f64) -> Result<u32> {
            let prs = candle_nn::ops::softmax_last_dim(&(logits / temperature)?)?;
            Ok(prs.argmax(0)?.to_scalar::<u32>()?)
        }
    """,
        "a CLI example's sampling loop",
    ),
    neg(
        D,
        "mlx/scheduler.h",
        """
        class Scheduler {
         public:
          Scheduler() : n_active_tasks_(0) {}
          void enqueue(const Stream& stream, std::function<void()> task);
        };
    """,
        "a stream scheduler (found on real code)",
    ),
    neg(
        D,
        "candle-core/src/tensor.rs",
        """
        pub fn topk(&self, k: usize) -> Result<(Tensor, Tensor)> {
            let indices = self.arg_sort_last_dim(false)?.narrow(D::Minus1, 0, k)?;
        }
    """,
        "a top-k tensor op",
    ),
    neg(
        D,
        "src/audio.rs",
        """
        pub fn sample_rate(&self) -> u32 { self.sample_rate }
        fn resample(pcm: &[f32], from: u32, to: u32) -> Vec<f32> { rubato(pcm, from, to) }
    """,
        "audio sample rate and resampling",
    ),
    neg(
        D,
        "demo/app.py",
        """
        @app.get("/health")
        def health():
            return {"status": "ok"}
    """,
        "a health route that serves no inference",
    ),
    neg(
        D,
        "diffusers_port/samplers.py",
        """
        class DPMSolverSampler:
            def sample(self, x, sigmas):
                for i in range(len(sigmas) - 1):
                    x = self.step(x, sigmas[i], sigmas[i + 1])
    """,
        "a diffusion sampler",
    ),
    # Look-alikes found on the real index (tinygrad, torchao, flash-attention, burn).
    neg(
        D,
        "tinygrad/engine/schedule.py",
        """
        def schedule_uop(sink: UOp, var_vals: dict[Variable, int]) -> ScheduleItem:
            return ScheduleItem(sink.arg.ast, tuple(u.buffer for u in sink.src), sink.arg.metadata)
    """,
        "kernel scheduling in a tensor compiler (found on real code)",
    ),
    neg(
        D,
        "tinygrad/nn/optim.py",
        """
        def schedule_step(self) -> list[Tensor]:
            return self._step() + self.params + self.buffers
    """,
        "an optimizer step (found on real code)",
    ),
    neg(
        D,
        "torchao/sparsity/prototype/superblock/sampler.py",
        """
        class RASampler(torch.utils.data.Sampler):
            def __iter__(self):
                indices = torch.randperm(len(self.dataset), generator=g).tolist()
    """,
        "a data-loader sampler (found on real code)",
    ),
    neg(
        D,
        "tinygrad/runtime/autogen/opencl.py",
        """
        class struct__cl_sampler(Structure):
            pass
    """,
        "generated bindings naming a texture sampler (found on real code)",
    ),
    neg(
        D,
        "extra/usbgpu/installer/server.c",
        """
            switch (req.cmd) {
              case CMD_MAP: resp.status = map_sysmem_fd(req.arg0, &resp, &shm_fd) ? 1 : 0; break;
              case CMD_UNMAP: resp.status = unmap(req.arg0); break;
            }
    """,
        "an IPC server handling device requests (found on real code)",
    ),
    pos(
        D,
        "flash_attn/utils/generation.py",
        """
        def sample_speculative(logits, logits_draft, tokens_draft, top_k=1, top_p=0.0, temperature=1.0):
            probs = torch.softmax(logits / temperature, dim=-1)
            return tokens_draft, probs
    """,
        "speculative sampling in a decoding utility",
    ),
]
