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
]
