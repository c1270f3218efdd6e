"""Code the sample corpus is made of: small generators of realistic C, C++, CUDA, Rust, Metal, GLSL and
Python chunks, each tagged with the skills it shows.

A chunk is one function, kernel or struct. The tags are what the code itself demonstrates (a dequantize
kernel in CUDA shows both `quantization` and `cuda_kernel`); the sample corpus labels people from the
tags of the chunks they wrote, so labels follow from construction, never from commit messages.
"""

# ruff: noqa: E501  (the generated C/CUDA/Rust text keeps its own line lengths)
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    text: str
    tags: frozenset[str]
    what: str  # a subject phrase: "add Q4_K dequantize for AVX2"


ChunkFn = Callable[[random.Random, int], Chunk]

OPS = ("relu", "gelu", "silu", "exp", "sqr", "sqrt", "tanh", "neg", "abs", "sigmoid", "elu", "softplus")
QTYPES = ("q4_0", "q4_1", "q5_0", "q8_0", "q4_K", "q5_K", "q6_K", "q3_K", "q2_K", "iq4_nl")
CUDA_DTYPES = (("half", "__half"), ("bf16", "__nv_bfloat16"), ("f32", "float"))
GPUS = ("RTX 4090", "A100", "H100", "RTX 3090", "L4", "A10G")
APPLE = ("M2 Max", "M3 Pro", "M1 Ultra", "M4 Max")
CPUS = ("Ryzen 9 7950X", "Xeon 8480+", "i9-13900K", "Graviton3", "Apple M2")


def _tags(*names: str) -> frozenset[str]:
    return frozenset(names)


def _op(r: random.Random) -> str:
    return r.choice(OPS)


# --- CUDA ---------------------------------------------------------------------------------------


def cuda_unary(r: random.Random, n: int) -> Chunk:
    op = _op(r)
    sfx, ctype = r.choice(CUDA_DTYPES)
    body = {
        "relu": "v > 0.0f ? v : 0.0f",
        "gelu": "0.5f * v * (1.0f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v)))",
        "silu": "v / (1.0f + expf(-v))",
        "sigmoid": "1.0f / (1.0f + expf(-v))",
    }.get(op, f"{op}f(v)" if op in ("exp", "sqrt", "tanh") else "v * v")
    text = f"""template <typename T>
__global__ void {op}_{sfx}_kernel(const T * __restrict__ x, T * __restrict__ dst, const int k) {{
    const int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i >= k) {{
        return;
    }}
    const float v = static_cast<float>(x[i]);
    dst[i] = static_cast<T>({body});
}}

void launch_{op}_{sfx}(const {ctype} * x, {ctype} * dst, const int k, cudaStream_t stream) {{
    const int num_blocks = (k + CUDA_BLOCK_SIZE - 1) / CUDA_BLOCK_SIZE;
    {op}_{sfx}_kernel<<<num_blocks, CUDA_BLOCK_SIZE, 0, stream>>>(x, dst, k);
    CUDA_CHECK(cudaGetLastError());
}}
"""
    return Chunk(text, _tags("cuda_kernel"), f"add {op} kernel for {sfx}")


def cuda_reduce(r: random.Random, n: int) -> Chunk:
    red = r.choice(("sum", "max", "rms_norm", "norm"))
    width = r.choice((32, 64, 128, 256))
    combine = (
        "fmaxf(v, __shfl_xor_sync(0xffffffff, v, offset, 32))"
        if red == "max"
        else ("v + __shfl_xor_sync(0xffffffff, v, offset, 32)")
    )
    text = f"""static __device__ __forceinline__ float warp_reduce_{red}(float v) {{
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {{
        v = {combine};
    }}
    return v;
}}

template <int block_size>
static __global__ void {red}_rows_f32(const float * x, float * dst, const int ncols, const float eps) {{
    const int row = blockIdx.x;
    const int tid = threadIdx.x;
    __shared__ float s_partial[{width} / WARP_SIZE];

    float acc = 0.0f;
    for (int col = tid; col < ncols; col += block_size) {{
        const float xi = x[row * ncols + col];
        acc += {"xi * xi" if red in ("rms_norm", "norm") else "xi"};
    }}
    acc = warp_reduce_{red}(acc);
    if (block_size > WARP_SIZE) {{
        const int warp_id = tid / WARP_SIZE;
        const int lane_id = tid % WARP_SIZE;
        if (lane_id == 0) {{
            s_partial[warp_id] = acc;
        }}
        __syncthreads();
        acc = s_partial[lane_id];
        acc = warp_reduce_{red}(acc);
    }}
    if (tid == 0) {{
        dst[row] = {"rsqrtf(acc / ncols + eps)" if red == "rms_norm" else "acc"};
    }}
}}
"""
    return Chunk(text, _tags("cuda_kernel"), f"{red} reduction with warp shuffles (block {width})")


def cuda_flash_attn(r: random.Random, n: int) -> Chunk:
    d = r.choice((64, 80, 96, 128, 256))
    br = r.choice((64, 128))
    text = f"""// One CTA per (batch, head, query tile); K/V tiles stream through shared memory and the
// softmax is computed online so the full score matrix never exists.
template <typename Element, int kHeadDim, int kBlockM, int kBlockN>
__global__ void flash_fwd_kernel(const Element * __restrict__ q, const Element * __restrict__ k,
                                    const Element * __restrict__ v, Element * __restrict__ o,
                                    const int seqlen_k, const float softmax_scale) {{
    __shared__ Element sK[kBlockN][kHeadDim];
    __shared__ Element sV[kBlockN][kHeadDim];
    float acc_o[kHeadDim] = {{0.0f}};
    float row_max = -INFINITY;
    float row_sum = 0.0f;

    const int q_row = blockIdx.x * kBlockM + threadIdx.x;
    for (int n_block = 0; n_block * kBlockN < seqlen_k; ++n_block) {{
        for (int i = threadIdx.x; i < kBlockN * kHeadDim; i += blockDim.x) {{
            sK[i / kHeadDim][i % kHeadDim] = k[n_block * kBlockN * kHeadDim + i];
            sV[i / kHeadDim][i % kHeadDim] = v[n_block * kBlockN * kHeadDim + i];
        }}
        __syncthreads();
        for (int j = 0; j < kBlockN; ++j) {{
            float s = 0.0f;
#pragma unroll
            for (int d = 0; d < kHeadDim; ++d) {{
                s += static_cast<float>(q[q_row * kHeadDim + d]) * static_cast<float>(sK[j][d]);
            }}
            s *= softmax_scale;
            const float new_max = fmaxf(row_max, s);
            const float correction = __expf(row_max - new_max);
            const float p = __expf(s - new_max);
            row_sum = row_sum * correction + p;
#pragma unroll
            for (int d = 0; d < kHeadDim; ++d) {{
                acc_o[d] = acc_o[d] * correction + p * static_cast<float>(sV[j][d]);
            }}
            row_max = new_max;
        }}
        __syncthreads();
    }}
#pragma unroll
    for (int d = 0; d < kHeadDim; ++d) {{
        o[q_row * kHeadDim + d] = static_cast<Element>(acc_o[d] / row_sum);
    }}
}}

template void __global__ flash_fwd_kernel<cutlass::half_t, {d}, {br}, 64>(
    const cutlass::half_t *, const cutlass::half_t *, const cutlass::half_t *, cutlass::half_t *, int, float);
"""
    return Chunk(text, _tags("attention_kernel", "cuda_kernel"), f"flash attention forward for head dim {d}")


def cuda_paged_attention(r: random.Random, n: int) -> Chunk:
    bs = r.choice((8, 16, 32))
    text = f"""// Queries attend to keys scattered over fixed-size KV-cache blocks; block_tables maps each
// sequence's logical blocks to physical ones so memory is allocated on demand.
template <typename scalar_t, int HEAD_SIZE, int BLOCK_SIZE, int NUM_THREADS>
__global__ void paged_attention_v{1 + n % 2}_kernel(
    scalar_t * __restrict__ out, const scalar_t * __restrict__ q, const scalar_t * __restrict__ k_cache,
    const scalar_t * __restrict__ v_cache, const int * __restrict__ block_tables,
    const int * __restrict__ seq_lens, const int max_num_blocks_per_seq, const float scale) {{
    const int seq_idx = blockIdx.y;
    const int head_idx = blockIdx.x;
    const int seq_len = seq_lens[seq_idx];
    const int num_blocks = (seq_len + BLOCK_SIZE - 1) / BLOCK_SIZE;
    const int * block_table = block_tables + seq_idx * max_num_blocks_per_seq;
    extern __shared__ float logits[];
    __shared__ float red_smem[2 * NUM_THREADS / WARP_SIZE];

    float qk_max = -FLT_MAX;
    for (int block_idx = threadIdx.x / WARP_SIZE; block_idx < num_blocks; block_idx += NUM_THREADS / WARP_SIZE) {{
        const int64_t physical_block = static_cast<int64_t>(block_table[block_idx]);
        for (int t = 0; t < BLOCK_SIZE; ++t) {{
            const int token_idx = block_idx * BLOCK_SIZE + t;
            float qk = 0.0f;
            for (int d = threadIdx.x % WARP_SIZE; d < HEAD_SIZE; d += WARP_SIZE) {{
                qk += static_cast<float>(q[head_idx * HEAD_SIZE + d]) *
                      static_cast<float>(k_cache[(physical_block * BLOCK_SIZE + t) * HEAD_SIZE + d]);
            }}
            for (int mask = WARP_SIZE / 2; mask >= 1; mask /= 2) {{
                qk += __shfl_xor_sync(uint32_t(-1), qk, mask);
            }}
            if (token_idx < seq_len) {{
                logits[token_idx] = qk * scale;
                qk_max = fmaxf(qk_max, qk * scale);
            }}
        }}
    }}
    red_smem[threadIdx.x / WARP_SIZE] = qk_max;
    __syncthreads();
    // softmax over logits then the weighted sum of V rows, block by block ({bs} tokens per block)
}}
"""
    return Chunk(
        text, _tags("attention_kernel", "cuda_kernel", "serving"), f"paged attention kernel for block size {bs}"
    )


def cuda_dequant(r: random.Random, n: int) -> Chunk:
    qt = r.choice(QTYPES[:5])
    text = f"""static __global__ void dequantize_block_{qt}(const void * __restrict__ vx, half * __restrict__ yy, const int nb32) {{
    const int i = blockIdx.x;
    const block_{qt} * x = (const block_{qt} *) vx;
    const int tid = threadIdx.x;
    const int il = tid / 8;
    const int ir = tid % 8;
    const float d = __half2float(x[i].d);
    const uint8_t * q = x[i].qs + 4 * ir;
    half * y = yy + i * QK_K + 32 * il + 4 * ir;
#pragma unroll
    for (int l = 0; l < 4; ++l) {{
        y[l + 0] = __float2half(d * ((q[l] & 0xF) - 8));
        y[l + 16] = __float2half(d * ((q[l] >> 4) - 8));
    }}
}}

static void dequantize_row_{qt}_cuda(const void * vx, half * y, const int64_t k, cudaStream_t stream) {{
    const int nb = k / QK_K;
    dequantize_block_{qt}<<<nb, 32, 0, stream>>>(vx, y, k / 32);
}}
"""
    return Chunk(text, _tags("quantization", "cuda_kernel"), f"CUDA dequantize for {qt}")


def cuda_mmq(r: random.Random, n: int) -> Chunk:
    qt = r.choice(QTYPES)
    text = f"""template <int mmq_x, int mmq_y, bool need_check>
static __global__ void mul_mat_{qt}(const void * __restrict__ vx, const void * __restrict__ vy,
                                       float * __restrict__ dst, const int ncols_x, const int nrows_x,
                                       const int ncols_y, const int nrows_dst) {{
    __shared__ int tile_x_qs[mmq_y * (WARP_SIZE + 1)];
    __shared__ half2 tile_x_dm[mmq_y * (WARP_SIZE / QI8_0) + mmq_y / QI8_0];
    __shared__ int tile_y_qs[mmq_x * WARP_SIZE];
    float sum[mmq_y / WARP_SIZE][mmq_x / 8] = {{{{0.0f}}}};

    for (int ib0 = 0; ib0 < ncols_x / QK8_0; ib0 += WARP_SIZE / QI8_0) {{
        load_tiles_{qt}<mmq_y, need_check>(vx, tile_x_qs, tile_x_dm, ib0, nrows_x);
        __syncthreads();
#pragma unroll
        for (int k = 0; k < WARP_SIZE; k += VDR_Q8_0_Q8_1_MMQ) {{
            sum[0][0] += vec_dot_{qt}_q8_1_mul_mat(tile_x_qs, tile_x_dm, tile_y_qs, threadIdx.x, threadIdx.y, k);
        }}
        __syncthreads();
    }}
    mmq_write_back<mmq_x, mmq_y, need_check>(sum, dst, nrows_dst, ncols_y);
}}
"""
    return Chunk(text, _tags("quantization", "cuda_kernel"), f"mmq tiles for {qt} (int8 dp4a path)")


def cuda_fused_ln(r: random.Random, n: int) -> Chunk:
    act = r.choice(("gelu", "relu", "silu"))
    text = f"""// Residual add, bias, {act} and layer norm in one pass: the activation never round-trips to HBM.
template <typename T, int kCols>
__global__ void fused_add_bias_{act}_layernorm_kernel(T * __restrict__ out, T * __restrict__ residual,
                                                     const T * __restrict__ bias, const T * __restrict__ gamma,
                                                     const T * __restrict__ beta, const float eps) {{
    const int row = blockIdx.x;
    __shared__ float s_mean;
    __shared__ float s_var;
    float vals[kCols / 32];
    float local_sum = 0.0f;
#pragma unroll
    for (int i = 0; i < kCols / 32; ++i) {{
        const int col = threadIdx.x + i * 32;
        float v = static_cast<float>(out[row * kCols + col]) + static_cast<float>(bias[col]);
        v = {act}_fwd(v) + static_cast<float>(residual[row * kCols + col]);
        residual[row * kCols + col] = static_cast<T>(v);
        vals[i] = v;
        local_sum += v;
    }}
    const float mean = blockReduceSum(local_sum) / kCols;
    if (threadIdx.x == 0) {{
        s_mean = mean;
    }}
    __syncthreads();
    float local_var = 0.0f;
#pragma unroll
    for (int i = 0; i < kCols / 32; ++i) {{
        local_var += (vals[i] - s_mean) * (vals[i] - s_mean);
    }}
    const float var = blockReduceSum(local_var) / kCols;
    if (threadIdx.x == 0) {{
        s_var = rsqrtf(var + eps);
    }}
    __syncthreads();
#pragma unroll
    for (int i = 0; i < kCols / 32; ++i) {{
        const int col = threadIdx.x + i * 32;
        out[row * kCols + col] = static_cast<T>((vals[i] - s_mean) * s_var * static_cast<float>(gamma[col]) +
                                                static_cast<float>(beta[col]));
    }}
}}
"""
    return Chunk(text, _tags("kernel_fusion", "cuda_kernel"), f"fused bias + {act} + residual + layernorm")


def cuda_cache_kernels(r: random.Random, n: int) -> Chunk:
    text = """// Writes the new token's K and V into the paged cache slot chosen by the block manager.
template <typename scalar_t, typename cache_t>
__global__ void reshape_and_cache_kernel(const scalar_t * __restrict__ key, const scalar_t * __restrict__ value,
                                            cache_t * __restrict__ key_cache, cache_t * __restrict__ value_cache,
                                            const int64_t * __restrict__ slot_mapping, const int num_heads,
                                            const int head_size, const int block_size) {
    const int64_t token_idx = blockIdx.x;
    const int64_t slot_idx = slot_mapping[token_idx];
    if (slot_idx < 0) {
        return;  // padding token
    }
    const int64_t block_idx = slot_idx / block_size;
    const int64_t block_offset = slot_idx % block_size;
    const int n = num_heads * head_size;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const int64_t tgt = (block_idx * block_size + block_offset) * n + i;
        key_cache[tgt] = static_cast<cache_t>(key[token_idx * n + i]);
        value_cache[tgt] = static_cast<cache_t>(value[token_idx * n + i]);
    }
}
"""
    return Chunk(text, _tags("serving", "cuda_kernel"), "reshape_and_cache for the paged KV cache")


def cuda_dtype_dispatch(r: random.Random, n: int) -> Chunk:
    op = r.choice(("rotary_embedding", "rms_norm", "silu_and_mul", "softcap", "rope_neox"))
    text = f"""#define DISPATCH_HALF_AND_BF16(TYPE, NAME, ...)                  \\
    switch (TYPE) {{                                                   \\
    case at::ScalarType::Half: {{                                      \\
        using scalar_t = at::Half;                                    \\
        __VA_ARGS__();                                                \\
        break;                                                        \\
    }}                                                                 \\
    case at::ScalarType::BFloat16: {{                                  \\
        using scalar_t = at::BFloat16;                                \\
        __VA_ARGS__();                                                \\
        break;                                                        \\
    }}                                                                 \\
    default:                                                          \\
        TORCH_CHECK(false, NAME, " not implemented for '", toString(TYPE), "'"); \\
    }}

template <typename T>
struct {op}_traits {{
    using vec_t = typename std::conditional<std::is_same<T, __half>::value, __half2, __nv_bfloat162>::type;
    static __device__ __forceinline__ float2 to_float2(vec_t v) {{
        if constexpr (std::is_same<T, __half>::value) {{
            return __half22float2(v);
        }} else {{
            return __bfloat1622float2(v);
        }}
    }}
}};

void {op}(torch::Tensor & out, const torch::Tensor & input) {{
    DISPATCH_HALF_AND_BF16(input.scalar_type(), "{op}", [&] {{
        {op}_kernel<scalar_t><<<grid, block, 0, stream>>>(out.data_ptr<scalar_t>(), input.data_ptr<scalar_t>());
    }});
}}
"""
    return Chunk(text, _tags("dtype_dispatch"), f"dispatch {op} over half and bfloat16")


def cpp_device_buffer(r: random.Random, n: int) -> Chunk:
    name = r.choice(("DeviceBuffer", "CudaAllocation", "PinnedHostBuffer", "ScratchArena", "StreamPool"))
    free = "cudaFreeHost" if name == "PinnedHostBuffer" else "cudaFree"
    alloc = "cudaMallocHost" if name == "PinnedHostBuffer" else "cudaMalloc"
    text = f"""// Owns one allocation; moving transfers ownership, copying is forbidden so it is freed exactly once.
class {name} {{
public:
    explicit {name}(size_t bytes) : size_(bytes) {{
        CUDA_CHECK({alloc}(&ptr_, bytes));
    }}
    ~{name}() {{
        if (ptr_ != nullptr) {{
            {free}(ptr_);
        }}
    }}
    {name}(const {name} &) = delete;
    {name} & operator=(const {name} &) = delete;
    {name}({name} && other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)), size_(other.size_) {{}}
    {name} & operator=({name} && other) noexcept {{
        if (this != &other) {{
            if (ptr_ != nullptr) {{
                {free}(ptr_);
            }}
            ptr_ = std::exchange(other.ptr_, nullptr);
            size_ = other.size_;
        }}
        return *this;
    }}
    void * get() const {{ return ptr_; }}
    size_t size() const {{ return size_; }}

private:
    void * ptr_ = nullptr;
    size_t size_ = 0;
}};
"""
    return Chunk(text, _tags("raii_resource"), f"RAII {name} that frees with {free}")


def cpp_unique_deleter(r: random.Random, n: int) -> Chunk:
    res = r.choice(("model", "context", "sampler", "batch", "adapter"))
    text = f"""struct llama_{res}_deleter {{
    void operator()(llama_{res} * p) const noexcept {{
        llama_{res}_free(p);
    }}
}};

using llama_{res}_ptr = std::unique_ptr<llama_{res}, llama_{res}_deleter>;

// Buffers are released in reverse order of creation when the owner goes out of scope.
struct llama_{res}_buffers {{
    std::vector<ggml_backend_buffer_ptr> bufs;
    ~llama_{res}_buffers() {{
        while (!bufs.empty()) {{
            bufs.pop_back();
        }}
    }}
}};
"""
    return Chunk(text, _tags("raii_resource"), f"unique_ptr deleters for llama_{res}")


def cpp_kv_cache(r: random.Random, n: int) -> Chunk:
    fn, body, what = r.choice(
        (
            (
                "llama_kv_cache_find_slot",
                """    const uint32_t n_tokens = ubatch.n_tokens;
    if (n_tokens > cache.size) {
        LLAMA_LOG_ERROR("%s: n_tokens = %d > size = %d\\n", __func__, n_tokens, cache.size);
        return false;
    }
    uint32_t n_tested = 0;
    while (true) {
        if (cache.head + n_tokens > cache.size) {
            n_tested += cache.size - cache.head;
            cache.head = 0;
            continue;
        }
        bool found = true;
        for (uint32_t i = 0; i < n_tokens; i++) {
            if (cache.cells[cache.head + i].pos >= 0) {
                found = false;
                cache.head += i + 1;
                n_tested += i + 1;
                break;
            }
        }
        if (found) {
            break;
        }
        if (n_tested >= cache.size) {
            return false;  // no room: the caller shrinks the batch or evicts a sequence
        }
    }
    for (uint32_t i = 0; i < n_tokens; ++i) {
        cache.cells[cache.head + i].pos = ubatch.pos[i];
        for (int32_t j = 0; j < ubatch.n_seq_id[i]; j++) {
            cache.cells[cache.head + i].seq_id.insert(ubatch.seq_id[i][j]);
        }
    }
    cache.used += n_tokens;
    return true;""",
                "KV cache: find a contiguous slot for the ubatch",
            ),
            (
                "llama_kv_cache_seq_rm",
                """    uint32_t new_head = cache.size;
    for (uint32_t i = 0; i < cache.size; ++i) {
        if (cache.cells[i].pos >= p0 && cache.cells[i].pos < p1) {
            if (seq_id < 0) {
                cache.cells[i].seq_id.clear();
            } else if (cache.cells[i].has_seq_id(seq_id)) {
                cache.cells[i].seq_id.erase(seq_id);
            } else {
                continue;
            }
            if (cache.cells[i].is_empty()) {
                // a freed cell is reused by the next find_slot
                cache.used -= 1;
                cache.cells[i].pos = -1;
                if (new_head == cache.size) {
                    new_head = i;
                }
            }
        }
    }
    if (new_head != cache.size && new_head < cache.head) {
        cache.head = new_head;
    }
    return true;""",
                "KV cache: remove a sequence's cells in [p0, p1)",
            ),
            (
                "llama_kv_cache_defrag",
                """    // Moves occupied cells towards the front so a long sequence finds one contiguous run again.
    uint32_t n_moves = 0;
    const uint32_t n_kv = cache.cell_max();
    for (uint32_t i0 = 0; i0 < n_kv; ++i0) {
        if (!cache.cells[i0].is_empty()) {
            continue;
        }
        uint32_t is = n_kv - 1;
        while (is > i0 && cache.cells[is].is_empty()) {
            --is;
        }
        if (is <= i0) {
            break;
        }
        std::swap(cache.cells[i0], cache.cells[is]);
        ids[is] = i0;
        n_moves++;
    }
    return n_moves;""",
                "KV cache: defragment cells in place",
            ),
        )
    )
    ret = "uint32_t" if fn.endswith("defrag") else "bool"
    args = {
        "llama_kv_cache_find_slot": "struct llama_kv_cache & cache, const struct llama_ubatch & ubatch",
        "llama_kv_cache_seq_rm": "struct llama_kv_cache & cache, llama_seq_id seq_id, llama_pos p0, llama_pos p1",
        "llama_kv_cache_defrag": "struct llama_kv_cache & cache, std::vector<uint32_t> & ids",
    }[fn]
    text = f"// ref: #{n}\nstatic {ret} {fn}({args}) {{\n{body}\n}}\n"
    return Chunk(text, _tags("serving"), what)


def cpp_batch_scheduler(r: random.Random, n: int) -> Chunk:
    text = f"""// Continuous batching: every step admits waiting requests while the KV cache has room and
// preempts the newest running request when it does not (ref: #{n}).
struct server_scheduler {{
    std::deque<server_task> waiting_queue;
    std::vector<server_slot *> running;
    int32_t max_num_seqs = {r.choice((16, 32, 64, 128, 256))};

    void add_request(server_task && task) {{
        waiting_queue.push_back(std::move(task));
    }}

    void schedule(llama_kv_cache & cache, llama_batch & batch) {{
        while (!waiting_queue.empty() && (int32_t) running.size() < max_num_seqs) {{
            server_task & task = waiting_queue.front();
            if (!cache.can_fit(task.n_prompt_tokens)) {{
                break;
            }}
            running.push_back(launch_slot(std::move(task)));
            waiting_queue.pop_front();
        }}
        for (server_slot * slot : running) {{
            common_batch_add(batch, slot->sampled, slot->n_past, {{ slot->id }}, true);
        }}
    }}

    void preempt(llama_kv_cache & cache) {{
        server_slot * victim = running.back();
        running.pop_back();
        llama_kv_cache_seq_rm(cache, victim->id, -1, -1);
        waiting_queue.push_front(victim->to_task());
    }}
}};
"""
    return Chunk(text, _tags("serving"), "server: continuous batching scheduler with preemption")


def cpp_kv_cache_manager(r: random.Random, n: int) -> Chunk:
    text = f"""// Fixed-size KV blocks handed out to sequences; blocks are reference counted so sequences that
// share a prompt prefix share its blocks (ref: #{n}).
class KVCacheManager {{
public:
    KVCacheManager(SizeType32 tokensPerBlock, SizeType32 numBlocks)
        : mTokensPerBlock(tokensPerBlock), mRefCounts(numBlocks, 0) {{
        for (SizeType32 i = numBlocks - 1; i >= 0; --i) {{
            mFreeBlocks.push_back(i);
        }}
    }}

    bool can_allocate(SizeType32 numTokens) const {{
        return static_cast<SizeType32>(mFreeBlocks.size()) >= ceilDiv(numTokens, mTokensPerBlock) + {r.choice((0, 1, 2))};
    }}

    void allocate_blocks(RequestIdType requestId, SizeType32 numTokens) {{
        auto & table = mBlockTables[requestId];
        while (static_cast<SizeType32>(table.size()) * mTokensPerBlock < numTokens) {{
            TLLM_CHECK_WITH_INFO(!mFreeBlocks.empty(), "out of KV cache blocks");
            const SizeType32 block = mFreeBlocks.back();
            mFreeBlocks.pop_back();
            mRefCounts[block] = 1;
            table.push_back(block);
        }}
    }}

    void free_blocks(RequestIdType requestId) {{
        for (SizeType32 block : mBlockTables[requestId]) {{
            if (--mRefCounts[block] == 0) {{
                mFreeBlocks.push_back(block);
            }}
        }}
        mBlockTables.erase(requestId);
    }}

private:
    SizeType32 mTokensPerBlock;
    std::vector<SizeType32> mFreeBlocks;
    std::vector<SizeType32> mRefCounts;
    std::unordered_map<RequestIdType, std::vector<SizeType32>> mBlockTables;
}};
"""
    return Chunk(text, _tags("serving"), "batch manager: KV cache block allocation with refcounts")


def cpp_capacity_scheduler(r: random.Random, n: int) -> Chunk:
    policy = r.choice(("max_utilization", "guaranteed_no_evict", "static_batch"))
    text = f"""// {policy} policy: fill the batch up to the token budget; when the KV cache runs out, pause the
// most recently started request and resume it later (ref: #{n}).
class CapacityScheduler {{
public:
    std::tuple<RequestVector, RequestVector> schedule(RequestList const & activeRequests, KVCacheManager & kvCache) {{
        RequestVector scheduled;
        RequestVector paused;
        SizeType32 numTokens = 0;
        for (auto const & req : activeRequests) {{
            const SizeType32 needed = req->getNumTokens(0) + 1;
            if (numTokens + needed > mMaxNumTokens) {{
                break;
            }}
            if (!kvCache.can_allocate(needed)) {{
                preempt(scheduled, paused, kvCache);
                continue;
            }}
            kvCache.allocate_blocks(req->mRequestId, needed);
            scheduled.push_back(req);
            numTokens += needed;
        }}
        return {{std::move(scheduled), std::move(paused)}};
    }}

private:
    void preempt(RequestVector & scheduled, RequestVector & paused, KVCacheManager & kvCache) {{
        if (scheduled.empty()) {{
            return;
        }}
        auto victim = scheduled.back();
        scheduled.pop_back();
        kvCache.free_blocks(victim->mRequestId);
        paused.push_back(victim);
    }}

    SizeType32 mMaxNumTokens = {r.choice((2048, 4096, 8192, 16384))};
}};
"""
    return Chunk(text, _tags("serving"), f"scheduler: {policy.replace('_', ' ')} capacity policy")


def cpp_strides(r: random.Random, n: int) -> Chunk:
    text = """// Returns a view with the two axes swapped: only strides change, the data is shared.
array transpose_view(const array & a, int ax0, int ax1) {
    auto shape = a.shape();
    auto strides = a.strides();
    std::swap(shape[ax0], shape[ax1]);
    std::swap(strides[ax0], strides[ax1]);
    return array::make_view(a, shape, strides, a.offset());
}

bool is_row_contiguous(const std::vector<int> & shape, const std::vector<int64_t> & strides) {
    int64_t expected = 1;
    for (int i = static_cast<int>(shape.size()) - 1; i >= 0; --i) {
        if (shape[i] != 1 && strides[i] != expected) {
            return false;
        }
        expected *= shape[i];
    }
    return true;
}

// NCHW -> NHWC without a copy when the input is already channels-last in memory.
std::vector<int64_t> nhwc_strides(int64_t n, int64_t c, int64_t h, int64_t w) {
    return {h * w * c, 1, w * c, c};
}
"""
    return Chunk(text, _tags("memory_layout"), "strided views: transpose without copy, contiguity check")


def cpp_dtype_template(r: random.Random, n: int) -> Chunk:
    op = r.choice(("binary_add", "binary_mul", "copy", "cast", "where"))
    text = f"""template <typename T>
struct {op}_impl {{
    static void run(const T * a, const T * b, T * out, size_t size) {{
        for (size_t i = 0; i < size; ++i) {{
            out[i] = static_cast<T>(static_cast<float>(a[i]) + static_cast<float>(b[i]));
        }}
    }}
}};

void {op}(const array & a, const array & b, array & out) {{
    switch (out.dtype()) {{
        case float16:
            {op}_impl<float16_t>::run(a.data<float16_t>(), b.data<float16_t>(), out.data<float16_t>(), out.size());
            break;
        case bfloat16:
            {op}_impl<bfloat16_t>::run(a.data<bfloat16_t>(), b.data<bfloat16_t>(), out.data<bfloat16_t>(), out.size());
            break;
        case float32:
            {op}_impl<float>::run(a.data<float>(), b.data<float>(), out.data<float>(), out.size());
            break;
        default:
            throw std::invalid_argument("[{op}] unsupported dtype");
    }}
}}
"""
    return Chunk(text, _tags("dtype_dispatch"), f"{op}: dispatch over float16, bfloat16 and float32")


# --- C / C++ CPU: SIMD and quantized formats -----------------------------------------------------

SIMD_VARIANTS = {
    "avx2": (
        "__AVX2__",
        """    __m256 acc = _mm256_setzero_ps();
    for (int i = 0; i < nb; ++i) {
        const __m256 d = _mm256_set1_ps(GGML_FP16_TO_FP32(x[i].d) * GGML_FP16_TO_FP32(y[i].d));
        const __m256i qx = bytes_from_nibbles_32(x[i].qs);
        const __m256i qy = _mm256_loadu_si256((const __m256i *) y[i].qs);
        const __m256 q = mul_sum_i8_pairs_float(_mm256_sub_epi8(qx, _mm256_set1_epi8(8)), qy);
        acc = _mm256_fmadd_ps(d, q, acc);
    }
    *s = hsum_float_8(acc);""",
    ),
    "avx512": (
        "__AVX512F__",
        """    __m512 acc = _mm512_setzero_ps();
    for (int i = 0; i + 1 < nb; i += 2) {
        const __m512 d = _mm512_set1_ps(GGML_FP16_TO_FP32(x[i].d) * GGML_FP16_TO_FP32(y[i].d));
        const __m512i qx = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *) x[i].qs));
        const __m512i qy = _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *) y[i].qs));
        const __m512i p = _mm512_madd_epi16(qx, qy);
        acc = _mm512_fmadd_ps(d, _mm512_cvtepi32_ps(p), acc);
    }
    *s = _mm512_reduce_add_ps(acc);""",
    ),
    "neon": (
        "__ARM_NEON",
        """    float32x4_t sumv0 = vdupq_n_f32(0.0f);
    const uint8x16_t m4b = vdupq_n_u8(0x0F);
    const int8x16_t s8b = vdupq_n_s8(0x8);
    for (int i = 0; i < nb; ++i) {
        const uint8x16_t v0 = vld1q_u8(x[i].qs);
        const int8x16_t v0l = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(v0, m4b)), s8b);
        const int8x16_t v0h = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(v0, 4)), s8b);
        const int8x16_t v1l = vld1q_s8(y[i].qs);
        const int8x16_t v1h = vld1q_s8(y[i].qs + 16);
        const int32x4_t p = vdotq_s32(vdotq_s32(vdupq_n_s32(0), v0l, v1l), v0h, v1h);
        sumv0 = vmlaq_n_f32(sumv0, vcvtq_f32_s32(p), GGML_FP16_TO_FP32(x[i].d) * GGML_FP16_TO_FP32(y[i].d));
    }
    *s = vaddvq_f32(sumv0);""",
    ),
}

SIMD_PLAIN = {
    "avx2": (
        "__AVX2__",
        """    __m256 sum = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        sum = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), sum);
    }
    __m128 lo = _mm_add_ps(_mm256_castps256_ps128(sum), _mm256_extractf128_ps(sum, 1));
    lo = _mm_hadd_ps(lo, lo);
    float r = _mm_cvtss_f32(_mm_hadd_ps(lo, lo));""",
    ),
    "avx512": (
        "__AVX512F__",
        """    __m512 sum = _mm512_setzero_ps();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        sum = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), sum);
    }
    float r = _mm512_reduce_add_ps(sum);""",
    ),
    "neon": (
        "__ARM_NEON",
        """    float32x4_t sum = vdupq_n_f32(0.0f);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        sum = vfmaq_f32(sum, vld1q_f32(x + i), vld1q_f32(y + i));
    }
    float r = vaddvq_f32(sum);""",
    ),
}


def c_simd_quant_dot(isa: str) -> ChunkFn:
    def make(r: random.Random, n: int) -> Chunk:
        qt = r.choice(("q4_0", "q4_1", "q8_0", "q4_K", "q5_K"))
        guard, body = SIMD_VARIANTS[isa]
        text = f"""void ggml_vec_dot_{qt}_q8_0(int n, float * GGML_RESTRICT s, const void * GGML_RESTRICT vx, const void * GGML_RESTRICT vy) {{
    const int nb = n / QK8_0;
    const block_{qt} * GGML_RESTRICT x = vx;
    const block_q8_0 * GGML_RESTRICT y = vy;
#if defined({guard})
{body}
#else
    float sumf = 0.0f;
    for (int i = 0; i < nb; ++i) {{
        int sumi = 0;
        for (int j = 0; j < QK8_0 / 2; ++j) {{
            const int v0 = (x[i].qs[j] & 0x0F) - 8;
            const int v1 = (x[i].qs[j] >> 4) - 8;
            sumi += v0 * y[i].qs[j] + v1 * y[i].qs[j + QK8_0 / 2];
        }}
        sumf += sumi * GGML_FP16_TO_FP32(x[i].d) * GGML_FP16_TO_FP32(y[i].d);
    }}
    *s = sumf;
#endif
}}
"""
        return Chunk(text, _tags("simd", "quantization", isa), f"{isa} vec_dot for {qt}")

    return make


def c_simd_plain(isa: str) -> ChunkFn:
    def make(r: random.Random, n: int) -> Chunk:
        guard, body = SIMD_PLAIN[isa]
        op = r.choice(("dot_f32", "mad_f32", "scale_f32", "norm_f32"))
        text = f"""static float ggml_vec_{op}_{isa}(const int n, const float * GGML_RESTRICT x, const float * GGML_RESTRICT y) {{
#if defined({guard})
{body}
    for (; i < n; ++i) {{
        r += x[i] * y[i];
    }}
    return r;
#else
    float r = 0.0f;
    for (int i = 0; i < n; ++i) {{
        r += x[i] * y[i];
    }}
    return r;
#endif
}}
"""
        return Chunk(text, _tags("simd", isa), f"{isa} path for vec_{op}")

    return make


def c_quant_block(r: random.Random, n: int) -> Chunk:
    qt = r.choice(("q4_0", "q4_1", "q5_0", "q8_0", "q4_K", "q6_K", "iq4_nl"))
    text = f"""#define QK_{qt.upper()} 32
typedef struct {{
    ggml_half d;              // delta
    uint8_t qs[QK_{qt.upper()} / 2]; // nibbles / quants
}} block_{qt};
static_assert(sizeof(block_{qt}) == sizeof(ggml_half) + QK_{qt.upper()} / 2, "wrong {qt} block size/padding");

void quantize_row_{qt}_ref(const float * GGML_RESTRICT x, block_{qt} * GGML_RESTRICT y, int64_t k) {{
    const int qk = QK_{qt.upper()};
    const int nb = k / qk;
    for (int i = 0; i < nb; i++) {{
        float amax = 0.0f;
        float max = 0.0f;
        for (int j = 0; j < qk; j++) {{
            const float v = x[i * qk + j];
            if (amax < fabsf(v)) {{
                amax = fabsf(v);
                max = v;
            }}
        }}
        const float d = max / -8;
        const float id = d ? 1.0f / d : 0.0f;
        y[i].d = GGML_FP32_TO_FP16(d);
        for (int j = 0; j < qk / 2; ++j) {{
            const uint8_t xi0 = MIN(15, (int8_t)(x[i * qk + 0 + j] * id + 8.5f));
            const uint8_t xi1 = MIN(15, (int8_t)(x[i * qk + qk / 2 + j] * id + 8.5f));
            y[i].qs[j] = xi0 | (xi1 << 4);
        }}
    }}
}}

void dequantize_row_{qt}(const block_{qt} * GGML_RESTRICT x, float * GGML_RESTRICT y, int64_t k) {{
    const int qk = QK_{qt.upper()};
    for (int i = 0; i < k / qk; i++) {{
        const float d = GGML_FP16_TO_FP32(x[i].d);
        for (int j = 0; j < qk / 2; ++j) {{
            y[i * qk + j] = ((x[i].qs[j] & 0x0F) - 8) * d;
            y[i * qk + j + qk / 2] = ((x[i].qs[j] >> 4) - 8) * d;
        }}
    }}
}}
"""
    return Chunk(text, _tags("quantization"), f"reference quantize/dequantize for {qt}")


def c_api_header(r: random.Random, n: int) -> Chunk:
    fn = r.choice(("tensor_set_name", "backend_graph_compute", "get_rows", "opt_step", "threadpool_new"))
    text = f"""#ifdef __cplusplus
extern "C" {{
#endif

    // Stable C ABI: bindings in other languages call this directly, so the struct layout is frozen.
    struct ggml_{fn}_params {{
        int32_t n_threads;
        int32_t flags;
        void *  user_data;
    }};

    GGML_API enum ggml_status ggml_{fn}(
            struct ggml_context * ctx,
            struct ggml_tensor  * tensor,
            const struct ggml_{fn}_params * params);

#ifdef __cplusplus
}}
#endif
"""
    return Chunk(text, _tags("ffi"), f"expose ggml_{fn} in the C API")


def glsl_shader(r: random.Random, n: int) -> Chunk:
    op = _op(r)
    text = f"""#version 450
#extension GL_EXT_shader_16bit_storage : require
// {op} compute shader, variant {n}
layout(local_size_x = 512, local_size_y = 1, local_size_z = 1) in;
layout(binding = 0) readonly buffer X {{ A_TYPE data_a[]; }};
layout(binding = 1) writeonly buffer D {{ D_TYPE data_d[]; }};
layout(push_constant) uniform parameter {{ uint ne; float param1; }} p;
shared float tmp[512];

void main() {{
    const uint i = gl_GlobalInvocationID.x;
    if (i >= p.ne) {{
        return;
    }}
    const float v = float(data_a[i]);
    tmp[gl_LocalInvocationID.x] = v;
    barrier();
    data_d[i] = D_TYPE({"max(v, 0.0)" if op == "relu" else "v * p.param1"});
}}
"""
    return Chunk(text, _tags("gpu_shader"), f"vulkan: {op} compute shader")


# --- Metal ---------------------------------------------------------------------------------------


def metal_unary(r: random.Random, n: int) -> Chunk:
    op = _op(r)
    text = f"""kernel void kernel_{op}_f32(
        device const float * src0 [[buffer(0)]],
        device       float * dst  [[buffer(1)]],
        uint tpig[[thread_position_in_grid]]) {{
    const float x = src0[tpig];
    dst[tpig] = {"max(0.0f, x)" if op == "relu" else ("x / (1.0f + exp(-x))" if op == "silu" else "precise::" + ("tanh" if op == "tanh" else "exp") + "(x)")};
}}
"""
    return Chunk(text, _tags("metal_kernel"), f"metal: add kernel_{op}_f32")


def metal_reduce(r: random.Random, n: int) -> Chunk:
    red = r.choice(("sum_rows", "rms_norm", "soft_max", "argmax"))
    text = f"""// Each threadgroup reduces one row: simdgroup partial sums land in threadgroup memory, then one
// simdgroup reduces those.
template <typename T>
kernel void kernel_{red}(
        device const T * src0 [[buffer(0)]],
        device       T * dst  [[buffer(1)]],
        constant  int64_t & ne00 [[buffer(2)]],
        threadgroup float * shmem_f32 [[threadgroup(0)]],
        uint  tgpig[[threadgroup_position_in_grid]],
        ushort tpitg[[thread_position_in_threadgroup]],
        ushort sgitg[[simdgroup_index_in_threadgroup]],
        ushort tiisg[[thread_index_in_simdgroup]],
        ushort ntg[[threads_per_threadgroup]]) {{
    device const T * x = src0 + tgpig * ne00;
    float sumf = 0.0f;
    for (int i00 = tpitg; i00 < ne00; i00 += ntg) {{
        sumf += (float) x[i00] {"* (float) x[i00]" if red == "rms_norm" else ""};
    }}
    sumf = simd_sum(sumf);
    if (tiisg == 0) {{
        shmem_f32[sgitg] = sumf;
    }}
    threadgroup_barrier(mem_flags::mem_threadgroup);
    if (sgitg == 0) {{
        sumf = simd_sum(shmem_f32[tiisg]);
        if (tpitg == 0) {{
            dst[tgpig] = (T) sumf;
        }}
    }}
}}

template [[host_name("kernel_{red}_f32")]] kernel decltype(kernel_{red}<float>) kernel_{red}<float>;
template [[host_name("kernel_{red}_f16")]] kernel decltype(kernel_{red}<half>) kernel_{red}<half>;
"""
    return Chunk(text, _tags("metal_kernel"), f"metal: {red} with simdgroup reduction")


def metal_sdpa(r: random.Random, n: int) -> Chunk:
    d = r.choice((64, 80, 128))
    text = f"""// Single-query attention for decoding: each simdgroup owns a slice of keys, keeps a running max and
// sum (online softmax), and the partial outputs are merged through threadgroup memory.
template <typename T, int D>
[[kernel]] void sdpa_vector(
        const device T * queries [[buffer(0)]],
        const device T * keys [[buffer(1)]],
        const device T * values [[buffer(2)]],
        device T * out [[buffer(3)]],
        const constant int & N [[buffer(4)]],
        const constant float & scale [[buffer(5)]],
        uint3 tid [[threadgroup_position_in_grid]],
        uint simd_gid [[simdgroup_index_in_threadgroup]],
        uint simd_lid [[thread_index_in_simdgroup]]) {{
    constexpr int BN = 32;
    constexpr int elem_per_thread = D / 32;
    threadgroup float outputs[BN * D];
    threadgroup float max_scores[BN];
    threadgroup float sum_exp_scores[BN];
    float q[elem_per_thread];
    float o[elem_per_thread] = {{0}};
    float max_score = -INFINITY;
    float sum_exp_score = 0;
    for (int i = simd_gid; i < N; i += BN) {{
        float score = 0;
        for (int j = 0; j < elem_per_thread; j++) {{
            score += q[j] * keys[i * D + simd_lid * elem_per_thread + j];
        }}
        score = simd_sum(score) * scale;
        float new_max = max(max_score, score);
        float factor = fast::exp(max_score - new_max);
        float exp_score = fast::exp(score - new_max);
        max_score = new_max;
        sum_exp_score = sum_exp_score * factor + exp_score;
        for (int j = 0; j < elem_per_thread; j++) {{
            o[j] = o[j] * factor + exp_score * values[i * D + simd_lid * elem_per_thread + j];
        }}
    }}
    if (simd_lid == 0) {{
        max_scores[simd_gid] = max_score;
        sum_exp_scores[simd_gid] = sum_exp_score;
    }}
    threadgroup_barrier(mem_flags::mem_threadgroup);
}}

instantiate_sdpa_vector(float16_t, {d});
"""
    return Chunk(text, _tags("attention_kernel", "metal_kernel"), f"metal sdpa vector kernel for head dim {d}")


def metal_dequant(r: random.Random, n: int) -> Chunk:
    bits = r.choice((2, 4, 8))
    text = f"""// {bits}-bit affine quantized matrix-vector product; scales and biases per group of 64 weights.
template <typename T, int group_size, int bits>
[[kernel]] void affine_qmv(
        const device uint32_t * w [[buffer(0)]],
        const device T * scales [[buffer(1)]],
        const device T * biases [[buffer(2)]],
        const device T * x [[buffer(3)]],
        device T * y [[buffer(4)]],
        const constant int & in_vec_size [[buffer(5)]],
        uint3 tid [[threadgroup_position_in_grid]],
        uint simd_gid [[simdgroup_index_in_threadgroup]],
        uint simd_lid [[thread_index_in_simdgroup]]) {{
    constexpr int pack_factor = 32 / bits;
    threadgroup T x_block[group_size];
    float result = 0;
    for (int k = 0; k < in_vec_size; k += group_size) {{
        const float s = scales[k / group_size];
        const float b = biases[k / group_size];
        uint32_t packed = w[(tid.y * in_vec_size + k) / pack_factor + simd_lid];
        for (int j = 0; j < pack_factor; j++) {{
            const float wq = float((packed >> (j * bits)) & ((1u << bits) - 1));
            result += (s * wq + b) * float(x[k + simd_lid * pack_factor + j]);
        }}
    }}
    result = simd_sum(result);
    if (simd_lid == 0) {{
        y[tid.y] = static_cast<T>(result);
    }}
}}
"""
    return Chunk(text, _tags("quantization", "metal_kernel"), f"metal: {bits}-bit quantized matvec")


def metal_host_buffer(r: random.Random, n: int) -> Chunk:
    text = """// Buffers come from a size-bucketed cache; the destructor hands them back instead of freeing, so
// steady-state inference allocates nothing.
class MetalBufferGuard {
public:
    MetalBufferGuard(MTL::Device * device, size_t size) : buf_(allocator().malloc(device, size)) {}
    ~MetalBufferGuard() {
        if (buf_ != nullptr) {
            allocator().recycle(buf_);
            buf_->release();
        }
    }
    MetalBufferGuard(const MetalBufferGuard &) = delete;
    MetalBufferGuard & operator=(const MetalBufferGuard &) = delete;
    MTL::Buffer * get() const { return buf_; }

private:
    MTL::Buffer * buf_;
};
"""
    return Chunk(text, _tags("raii_resource"), "metal: RAII guard that recycles MTL buffers")


# --- Rust ----------------------------------------------------------------------------------------


def rust_drop(r: random.Random, n: int) -> Chunk:
    name = r.choice(("CudaSlice", "DeviceBuffer", "PinnedHost", "CublasHandle", "CudaStream"))
    free = {
        "CudaSlice": "cuMemFree_v2",
        "DeviceBuffer": "cuMemFree_v2",
        "PinnedHost": "cuMemFreeHost",
        "CublasHandle": "cublasDestroy_v2",
        "CudaStream": "cuStreamDestroy_v2",
    }[name]
    text = f"""/// Owns a device allocation; freed exactly once when the last handle goes away.
pub struct {name}<T> {{
    ptr: sys::CUdeviceptr,
    len: usize,
    device: Arc<CudaDevice>,
    marker: PhantomData<T>,
}}

impl<T> Drop for {name}<T> {{
    fn drop(&mut self) {{
        // The context must be current on this thread before freeing.
        self.device.bind_to_thread().expect("bind context");
        unsafe {{
            let _ = sys::{free}(self.ptr as _);
        }}
    }}
}}

unsafe impl<T: Send> Send for {name}<T> {{}}
unsafe impl<T: Sync> Sync for {name}<T> {{}}
"""
    return Chunk(text, _tags("raii_resource", "unsafe_rust"), f"impl Drop for {name} (free device memory)")


def rust_ffi_cuda(r: random.Random, n: int) -> Chunk:
    fn = r.choice(("launch_gemm_f16", "launch_rope", "launch_softmax", "launch_copy_strided", "launch_topk"))
    text = f"""#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct {fn.title().replace("_", "")}Params {{
    pub m: u32,
    pub n: u32,
    pub k: u32,
    pub stream: *mut c_void,
}}

extern "C" {{
    fn {fn}(params: *const {fn.title().replace("_", "")}Params, a: *const c_void, b: *const c_void, c: *mut c_void) -> i32;
}}

pub fn {fn}_checked(params: &{fn.title().replace("_", "")}Params, a: &CudaSlice<f16>, b: &CudaSlice<f16>, c: &mut CudaSlice<f16>) -> Result<()> {{
    // SAFETY: the slices outlive the call and the kernel only reads a, b and writes c.
    let code = unsafe {{ {fn}(params, a.device_ptr() as *const c_void, b.device_ptr() as *const c_void, c.device_ptr_mut() as *mut c_void) }};
    if code != 0 {{
        crate::bail!("{fn} failed with cuda error {{code}}");
    }}
    Ok(())
}}
"""
    return Chunk(text, _tags("ffi", "unsafe_rust"), f"cuda: FFI binding for {fn}")


def rust_unsafe_slices(r: random.Random, n: int) -> Chunk:
    text = """/// Reinterprets the storage as a typed slice without copying.
pub fn as_slice<T: WithDType>(&self) -> Result<&[T]> {
    if self.dtype() != T::DTYPE {
        crate::bail!("unexpected dtype, expected: {:?}, got: {:?}", T::DTYPE, self.dtype());
    }
    let len = self.len();
    // SAFETY: dtype checked above; the buffer is aligned for T and lives as long as &self.
    let slice = unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const T, len) };
    Ok(slice)
}

pub(crate) unsafe fn copy_strided<T: Copy>(src: *const T, dst: *mut T, len: usize, stride: usize) {
    for i in 0..len {
        *dst.add(i) = *src.add(i * stride);
    }
}
"""
    return Chunk(text, _tags("unsafe_rust"), "zero-copy typed views over raw storage")


def rust_quant(r: random.Random, n: int) -> Chunk:
    qt = r.choice(("Q4_0", "Q4K", "Q5K", "Q6K", "Q8_0", "Q2K"))
    text = f"""#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub struct Block{qt} {{
    pub(crate) d: f16,
    pub(crate) qs: [u8; QK4_0 / 2],
}}
const _: () = assert!(std::mem::size_of::<Block{qt}>() == 18);

impl GgmlType for Block{qt} {{
    const DTYPE: GgmlDType = GgmlDType::{qt};
    const BLCK_SIZE: usize = QK4_0;
    type VecDotType = BlockQ8_0;

    fn to_float(xs: &[Self], ys: &mut [f32]) -> Result<()> {{
        let k = ys.len();
        if k % QK4_0 != 0 {{
            crate::bail!("dequantize_row_{qt.lower()}: {{k}} is not divisible by {{QK4_0}}");
        }}
        for (i, x) in xs.iter().enumerate() {{
            let d = x.d.to_f32();
            for j in 0..(QK4_0 / 2) {{
                let x0 = (x.qs[j] & 0x0F) as i16 - 8;
                let x1 = (x.qs[j] >> 4) as i16 - 8;
                ys[i * QK4_0 + j] = (x0 as f32) * d;
                ys[i * QK4_0 + j + QK4_0 / 2] = (x1 as f32) * d;
            }}
        }}
        Ok(())
    }}

    fn from_float(xs: &[f32], ys: &mut [Self]) -> Result<()> {{
        for (i, ys) in ys.iter_mut().enumerate() {{
            let xs = &xs[i * QK4_0..(i + 1) * QK4_0];
            let amax = xs.iter().fold(0f32, |a, &x| a.max(x.abs()));
            let d = amax / -8.0;
            let id = if d != 0f32 {{ 1. / d }} else {{ 0. }};
            ys.d = f16::from_f32(d);
            for (j, q) in ys.qs.iter_mut().enumerate() {{
                let x0 = (xs[j] * id + 8.5).min(15.) as u8;
                let x1 = (xs[QK4_0 / 2 + j] * id + 8.5).min(15.) as u8;
                *q = x0 | (x1 << 4);
            }}
        }}
        Ok(())
    }}
}}
"""
    return Chunk(text, _tags("quantization"), f"quantized: {qt} block with to_float/from_float")


def rust_simd_quant(isa: str) -> ChunkFn:
    def make(r: random.Random, n: int) -> Chunk:
        if isa == "neon":
            body = """    let mut sumv = vdupq_n_f32(0.0);
    for i in 0..nb {
        let x0 = &xs[i];
        let y0 = &ys[i];
        let v0 = vld1q_u8(x0.qs.as_ptr());
        let v0l = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(v0, vdupq_n_u8(0x0F))), vdupq_n_s8(8));
        let v0h = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(v0, 4)), vdupq_n_s8(8));
        let p = vdotq_s32(vdotq_s32(vdupq_n_s32(0), v0l, vld1q_s8(y0.qs.as_ptr())), v0h, vld1q_s8(y0.qs.as_ptr().add(16)));
        sumv = vmlaq_n_f32(sumv, vcvtq_f32_s32(p), x0.d.to_f32() * y0.d.to_f32());
    }
    Ok(vaddvq_f32(sumv))"""
            attr = '#[cfg(target_arch = "aarch64")]'
        elif isa == "avx512":
            body = """    let mut acc = _mm512_setzero_ps();
    for (x, y) in xs.iter().zip(ys.iter()) {
        let d = _mm512_set1_ps(x.d.to_f32() * y.d.to_f32());
        let qx = _mm512_cvtepu8_epi16(_mm256_loadu_si256(x.qs.as_ptr() as *const __m256i));
        let qy = _mm512_cvtepi8_epi16(_mm256_loadu_si256(y.qs.as_ptr() as *const __m256i));
        acc = _mm512_fmadd_ps(d, _mm512_cvtepi32_ps(_mm512_madd_epi16(qx, qy)), acc);
    }
    Ok(_mm512_reduce_add_ps(acc))"""
            attr = '#[target_feature(enable = "avx512f")]'
        else:
            body = """    let mut acc = _mm256_setzero_ps();
    for (x, y) in xs.iter().zip(ys.iter()) {
        let d = _mm256_set1_ps(x.d.to_f32() * y.d.to_f32());
        let bx = _mm256_sub_epi8(bytes_from_nibbles_32(x.qs.as_ptr()), _mm256_set1_epi8(8));
        let by = _mm256_loadu_si256(y.qs.as_ptr() as *const __m256i);
        let q = mul_sum_i8_pairs_float(bx, by);
        acc = _mm256_fmadd_ps(d, q, acc);
    }
    Ok(hsum_float_8(acc))"""
            attr = '#[target_feature(enable = "avx2,fma")]'
        qt = r.choice(("q4_0", "q8_0", "q4k", "q6k"))
        text = f"""{attr}
#[inline]
pub(crate) unsafe fn vec_dot_{qt}_q8_0_{isa}(n: usize, xs: &[BlockQ4_0], ys: &[BlockQ8_0]) -> Result<f32> {{
    let qk = QK8_0;
    if n % QK8_0 != 0 {{
        crate::bail!("vec_dot_{qt}_q8_0: {{n}} is not divisible by {{qk}}")
    }}
    let nb = n / qk;
    let _ = nb;
{body}
}}
"""
        return Chunk(text, _tags("simd", "quantization", isa, "unsafe_rust"), f"{isa} vec_dot for {qt}")

    return make


def rust_layout(r: random.Random, n: int) -> Chunk:
    text = """impl Layout {
    /// Whether the elements are laid out in row-major order without gaps.
    pub fn is_contiguous(&self) -> bool {
        let mut acc = 1;
        for (&stride, &dim) in self.stride.iter().zip(self.shape.dims().iter()).rev() {
            if dim > 1 && stride != acc {
                return false;
            }
            acc *= dim;
        }
        true
    }

    /// Narrowing only moves the start offset; the strides are unchanged.
    pub fn narrow(&self, dim: usize, start: usize, len: usize) -> Result<Self> {
        let dims = self.shape().dims();
        if start + len > dims[dim] {
            crate::bail!("narrow: start {start} + len {len} > dim {}", dims[dim]);
        }
        let mut dims = dims.to_vec();
        dims[dim] = len;
        Ok(Self {
            shape: Shape::from(dims),
            stride: self.stride.clone(),
            start_offset: self.start_offset + self.stride[dim] * start,
        })
    }

    pub fn transpose(&self, dim1: usize, dim2: usize) -> Result<Self> {
        let mut stride = self.stride().to_vec();
        let mut dims = self.shape().dims().to_vec();
        dims.swap(dim1, dim2);
        stride.swap(dim1, dim2);
        Ok(Self { shape: Shape::from(dims), stride, start_offset: self.start_offset })
    }
}
"""
    return Chunk(text, _tags("memory_layout"), "layout: contiguity, narrow and transpose by strides")


def rust_dtype_generic(r: random.Random, n: int) -> Chunk:
    op = r.choice(("affine", "powf", "elu", "clamp", "cmp"))
    text = f"""struct {op.title()}(f64, f64);

impl Map1 for {op.title()} {{
    fn f<T: WithDType>(&self, vs: &[T], layout: &Layout) -> Result<Vec<T>> {{
        let mul = T::from_f64(self.0);
        let add = T::from_f64(self.1);
        Ok(unary_map(vs, layout, |v| v * mul + add))
    }}
}}

pub fn {op}(storage: &CpuStorage, layout: &Layout, mul: f64, add: f64) -> Result<CpuStorage> {{
    match storage {{
        CpuStorage::BF16(s) => Ok(CpuStorage::BF16({op.title()}(mul, add).f::<bf16>(s, layout)?)),
        CpuStorage::F16(s) => Ok(CpuStorage::F16({op.title()}(mul, add).f::<f16>(s, layout)?)),
        CpuStorage::F32(s) => Ok(CpuStorage::F32({op.title()}(mul, add).f::<f32>(s, layout)?)),
        CpuStorage::F64(s) => Ok(CpuStorage::F64({op.title()}(mul, add).f::<f64>(s, layout)?)),
        _ => crate::bail!("{op} not supported for {{:?}}", storage.dtype()),
    }}
}}
"""
    return Chunk(text, _tags("dtype_dispatch"), f"{op} generic over f16, bf16, f32, f64")


def rust_tokenizer(r: random.Random, n: int) -> Chunk:
    what, body = r.choice(
        (
            (
                "bpe merges",
                """    /// Applies merges by rank until none applies; lower rank merges first.
    pub fn merge_all(&mut self, merges: &MergeMap, dropout: Option<f32>) {
        let mut queue = BinaryHeap::with_capacity(self.symbols.len());
        for (index, window) in self.symbols.windows(2).enumerate() {
            if let Some(&(rank, new_id)) = merges.get(&(window[0].c, window[1].c)) {
                queue.push(Merge { pos: index, rank, new_id });
            }
        }
        while let Some(top) = queue.pop() {
            if dropout.map(|d| thread_rng().gen::<f32>() < d).unwrap_or(false) {
                continue;
            }
            if self.symbols[top.pos].len == 0 {
                continue;
            }
            let right = self.symbols[top.pos].next as usize;
            self.symbols[top.pos].merge_with(&self.symbols[right], top.new_id);
            self.symbols[right].len = 0;
        }
        self.symbols.retain(|s| s.len != 0);
    }""",
            ),
            (
                "byte-level pre-tokenizer",
                """    /// Splits on the GPT-2 regex and maps every byte to a printable char.
    fn pre_tokenize(&self, pretokenized: &mut PreTokenizedString) -> Result<()> {
        let re_ref: &SysRegex = if self.use_regex { &RE } else { &WHITESPACE };
        pretokenized.split(|_, normalized| normalized.split(re_ref, SplitDelimiterBehavior::Isolated))?;
        pretokenized.normalize(|normalized| {
            let s = normalized.get();
            let mut transformations: Vec<(char, isize)> = Vec::with_capacity(s.len());
            for (i, cur_char) in s.char_indices() {
                let size = cur_char.len_utf8();
                let bytes = s[i..i + size].as_bytes();
                transformations.extend(bytes.iter().enumerate().map(|(i, b)| (BYTES_CHAR[b], isize::from(i > 0))));
            }
            normalized.transform(transformations, 0);
            Ok(())
        })
    }""",
            ),
            (
                "unigram viterbi",
                """    /// Best segmentation by Viterbi over the token lattice.
    pub fn encode_optimized(&self, sentence: &str) -> Result<Vec<String>> {
        let size = sentence.len();
        let mut best: Vec<BestPathNode> = vec![BestPathNode::default(); size + 1];
        let mut starts_at = 0;
        while starts_at < size {
            let best_score_till_here = best[starts_at].best_path_score;
            for tok_bytes in self.trie.common_prefix_search(sentence.bytes().skip(starts_at)) {
                let key_pos = starts_at + tok_bytes.len();
                let token: String = String::from_utf8(tok_bytes).unwrap();
                let score = self.vocab[self.token_to_ids[&token] as usize].1;
                let candidate = best_score_till_here + score;
                if best[key_pos].starts_at.is_none() || candidate > best[key_pos].best_path_score {
                    best[key_pos] = BestPathNode { best_path_score: candidate, starts_at: Some(starts_at), id: self.token_to_ids[&token] };
                }
            }
            starts_at += sentence[starts_at..].chars().next().map_or(1, |c| c.len_utf8());
        }
        Ok(self.backtrack(&best, sentence))
    }""",
            ),
            (
                "NFKC normalizer",
                """    /// Unicode NFKC with alignment tracking so offsets map back to the original text.
    fn normalize(&self, normalized: &mut NormalizedString) -> Result<()> {
        normalized.nfkc();
        if self.lowercase {
            normalized.lowercase();
        }
        if self.strip_accents {
            normalized.filter(|c| !is_combining_mark(c));
        }
        Ok(())
    }""",
            ),
        )
    )
    text = "impl Tokenizer {\n" + body.replace("{n}", str(n)) + "\n}\n"
    return Chunk(text, _tags("tokenizer"), f"tokenizer: {what}")


def rust_pyo3(r: random.Random, n: int) -> Chunk:
    cls = r.choice(("PyBPE", "PyEncoding", "PyNormalizer", "PyTensor", "PyDecoder"))
    text = f"""#[pyclass(module = "bindings", name = "{cls[2:]}")]
pub struct {cls} {{
    inner: Arc<RwLock<Inner>>,
}}

#[pymethods]
impl {cls} {{
    #[new]
    #[pyo3(signature = (vocab=None, **kwargs))]
    fn new(vocab: Option<PyObject>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {{
        let inner = Inner::from_py(vocab, kwargs).map_err(|e| exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(Self {{ inner: Arc::new(RwLock::new(inner)) }})
    }}

    /// Releases the GIL while the Rust side works on the batch.
    fn encode_batch(&self, py: Python<'_>, input: Vec<String>) -> PyResult<Vec<Vec<u32>>> {{
        py.allow_threads(|| self.inner.read().unwrap().encode_batch(&input))
            .map_err(|e| exceptions::PyException::new_err(e.to_string()))
    }}
}}
"""
    return Chunk(text, _tags("ffi"), f"python bindings: expose {cls[2:]}")


def wgsl_shader(r: random.Random, n: int) -> Chunk:
    op = _op(r)
    text = f"""// {op} elementwise, workgroup {n % 4 + 1}
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
var<workgroup> tile: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {{
    let i = gid.x;
    if (i >= arrayLength(&input)) {{
        return;
    }}
    tile[lid] = input[i];
    workgroupBarrier();
    output[i] = {"max(tile[lid], 0.0)" if op == "relu" else "tile[lid] * tile[lid]"};
}}
"""
    return Chunk(text, _tags("gpu_shader"), f"wgpu: {op} compute shader")


def rust_app(r: random.Random, n: int) -> Chunk:
    model = r.choice(("llama", "mistral", "phi", "whisper", "bert", "t5"))
    text = f"""#[derive(Parser, Debug)]
struct Args {{
    /// Run on CPU rather than on GPU.
    #[arg(long)]
    cpu: bool,
    #[arg(long, default_value = "The capital of France is")]
    prompt: String,
    #[arg(long, default_value_t = 100)]
    sample_len: usize,
}}

fn run_{model}() -> anyhow::Result<()> {{
    let args = Args::parse();
    let device = tensorkit_examples::device(args.cpu)?;
    let config = {model}::Config::from_file("config.json")?;
    let model = {model}::Model::load(&config, &device)?;
    let mut logits_processor = LogitsProcessor::new(299792458, Some(0.8), None);
    let mut tokens = tokenizer.encode(args.prompt.as_str(), true).map_err(anyhow::Error::msg)?;
    for _ in 0..args.sample_len {{
        let input = Tensor::new(tokens.as_slice(), &device)?.unsqueeze(0)?;
        let logits = model.forward(&input)?;
        tokens.push(logits_processor.sample(&logits.squeeze(0)?)?);
    }}
    println!("{{}}", tokenizer.decode(&tokens, true).map_err(anyhow::Error::msg)?);
    Ok(())
}}
"""
    return Chunk(text, _tags("app"), f"examples: {model} text generation")


# --- Python ---------------------------------------------------------------------------------------


def py_training(r: random.Random, n: int) -> Chunk:
    kind = r.choice(("loop", "sched", "ckpt", "grad_accum", "data"))
    texts = {
        "loop": '''def train_epoch(model, loader, optimizer, scheduler, scaler, device, log_every=50):
    """One epoch with mixed precision; loss is averaged over the logging window."""
    model.train()
    running = 0.0
    for step, batch in enumerate(loader):
        batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16):
            loss = model(**batch).loss
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)
        scheduler.step()
        running += loss.item()
        if (step + 1) % log_every == 0:
            logger.info("step %d loss %.4f lr %.2e", step + 1, running / log_every, scheduler.get_last_lr()[0])
            running = 0.0
''',
        "sched": """def cosine_with_warmup(optimizer, warmup_steps, total_steps, min_ratio=0.1):
    def lr_lambda(step):
        if step < warmup_steps:
            return step / max(1, warmup_steps)
        progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
        return max(min_ratio, 0.5 * (1.0 + math.cos(math.pi * progress)))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
""",
        "ckpt": """def save_checkpoint(path, model, optimizer, step, accelerator=None):
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
    }
    if accelerator is not None:
        accelerator.wait_for_everyone()
        if not accelerator.is_main_process:
            return
    tmp = f"{path}.tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)
""",
        "grad_accum": '''class GradientAccumulator:
    """Steps the optimizer every `steps` micro-batches and scales the loss to match."""

    def __init__(self, optimizer, steps):
        self.optimizer = optimizer
        self.steps = steps
        self.count = 0

    def backward(self, loss):
        (loss / self.steps).backward()
        self.count += 1
        if self.count % self.steps == 0:
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)
''',
        "data": '''class PackedDataset(torch.utils.data.IterableDataset):
    """Concatenates tokenized documents and cuts fixed-length blocks, so no padding is trained on."""

    def __init__(self, texts, tokenizer, block_size=2048):
        self.texts = texts
        self.tokenizer = tokenizer
        self.block_size = block_size

    def __iter__(self):
        buffer = []
        for text in self.texts:
            buffer.extend(self.tokenizer(text)["input_ids"] + [self.tokenizer.eos_token_id])
            while len(buffer) >= self.block_size:
                block, buffer = buffer[: self.block_size], buffer[self.block_size :]
                yield {"input_ids": torch.tensor(block), "labels": torch.tensor(block)}
''',
    }
    return Chunk(texts[kind], _tags("training"), f"trainer: {kind.replace('_', ' ')} helper")


def py_serving(r: random.Random, n: int) -> Chunk:
    kind = r.choice(("block_manager", "scheduler", "prefix"))
    texts = {
        "block_manager": '''class BlockSpaceManager:
    """Maps each sequence's logical KV-cache blocks to physical GPU blocks; blocks are refcounted so
    forked sequences (beam search, parallel sampling) share their prefix."""

    def __init__(self, block_size, num_gpu_blocks, watermark=0.01):
        self.block_size = block_size
        self.free_blocks = list(range(num_gpu_blocks))
        self.watermark_blocks = int(watermark * num_gpu_blocks)
        self.block_tables = {}
        self.ref_counts = [0] * num_gpu_blocks

    def can_allocate(self, seq_group):
        needed = math.ceil(seq_group.prompt_len / self.block_size)
        return len(self.free_blocks) - needed >= self.watermark_blocks

    def allocate(self, seq):
        table = []
        for _ in range(math.ceil(seq.prompt_len / self.block_size)):
            block = self.free_blocks.pop()
            self.ref_counts[block] = 1
            table.append(block)
        self.block_tables[seq.seq_id] = table

    def fork(self, parent, child):
        table = self.block_tables[parent.seq_id]
        for block in table:
            self.ref_counts[block] += 1
        self.block_tables[child.seq_id] = list(table)

    def free(self, seq):
        for block in self.block_tables.pop(seq.seq_id, []):
            self.ref_counts[block] -= 1
            if self.ref_counts[block] == 0:
                self.free_blocks.append(block)
''',
        "scheduler": '''class Scheduler:
    """Continuous batching: each step runs the running decodes plus as many waiting prefills as the
    token budget and free KV blocks allow; on memory pressure the newest request is preempted."""

    def __init__(self, block_manager, max_num_batched_tokens=8192, max_num_seqs=256):
        self.block_manager = block_manager
        self.max_num_batched_tokens = max_num_batched_tokens
        self.max_num_seqs = max_num_seqs
        self.waiting = collections.deque()
        self.running = []

    def schedule(self):
        budget = self.max_num_batched_tokens - len(self.running)
        while self.waiting and len(self.running) < self.max_num_seqs:
            group = self.waiting[0]
            if group.prompt_len > budget or not self.block_manager.can_allocate(group):
                break
            self.waiting.popleft()
            self.block_manager.allocate(group)
            self.running.append(group)
            budget -= group.prompt_len
        while not self.block_manager.can_append_slots(self.running):
            victim = self.running.pop()
            self.block_manager.free(victim)
            self.waiting.appendleft(victim)
        return SchedulerOutputs(scheduled=list(self.running), num_batched_tokens=self.max_num_batched_tokens - budget)
''',
        "prefix": '''class PrefixCache:
    """Hashes full KV blocks by their token prefix so requests that share a system prompt reuse blocks."""

    def __init__(self, block_size):
        self.block_size = block_size
        self.cached = {}

    def block_hashes(self, token_ids):
        hashes, parent = [], None
        for start in range(0, len(token_ids) - self.block_size + 1, self.block_size):
            parent = hash((parent, tuple(token_ids[start : start + self.block_size])))
            hashes.append(parent)
        return hashes

    def lookup(self, token_ids):
        hits = []
        for h in self.block_hashes(token_ids):
            if h not in self.cached:
                break
            hits.append(self.cached[h])
        return hits
''',
    }
    return Chunk(texts[kind], _tags("serving"), f"{kind.replace('_', ' ')} for the KV cache")


def py_app(r: random.Random, n: int) -> Chunk:
    kind = r.choice(("convert", "bench", "api", "wrapper"))
    texts = {
        "convert": '''def convert_checkpoint(src, dst, dtype="float16"):
    """Converts a safetensors checkpoint, renaming tensors to this project's naming scheme."""
    tensors = {}
    with safe_open(src, framework="pt") as f:
        for name in f.keys():
            new_name = name.replace("model.layers.", "blk.").replace(".self_attn.", ".attn_")
            tensors[new_name] = f.get_tensor(name).to(getattr(torch, dtype))
    save_file(tensors, dst)
    return len(tensors)
''',
        "bench": """def benchmark(fn, *args, warmup=10, iters=100):
    for _ in range(warmup):
        fn(*args)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(iters):
        fn(*args)
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / iters * 1e3
""",
        "api": '''def array_repr(a, max_items=6):
    """Readable repr for the Python API: shape, dtype and a few leading values."""
    values = ", ".join(f"{v:.4g}" for v in a.flatten().tolist()[:max_items])
    more = ", ..." if a.size > max_items else ""
    return f"array([{values}{more}], shape={tuple(a.shape)}, dtype={a.dtype})"
''',
        "wrapper": """class AttentionWrapper(torch.nn.Module):
    def __init__(self, num_heads, head_dim, causal=True):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = head_dim
        self.causal = causal

    def forward(self, q, k, v):
        b, s, _ = q.shape
        q, k, v = (t.view(b, s, self.num_heads, self.head_dim) for t in (q, k, v))
        out = attention_func(q, k, v, causal=self.causal, softmax_scale=self.head_dim**-0.5)
        return out.reshape(b, s, -1)
""",
    }
    return Chunk(texts[kind], _tags("app"), f"{kind}: python helper")


# --- Docs, CI -------------------------------------------------------------------------------------

DOC_TOPICS = (
    (
        "Building with CUDA",
        "Set `-DGGML_CUDA=ON` and make sure `nvcc` is on the PATH. Multi-GPU builds recieve "
        "the device list from `CUDA_VISIBLE_DEVICES`.",
    ),
    (
        "Quantization formats",
        "Weights are stored in blocks of 32 values with one scale each. Q4_K groups "
        "super-blocks of 256 values; see the table below for the bits per weight of each type.",
    ),
    (
        "Apple silicon",
        "The Metal backend is enabled by default on macOS. Unified memory means tensors are "
        "not copied between host and device; a seperate buffer is only used for private storage.",
    ),
    (
        "Contributing",
        "Open a pull request against `main`. Run the tests locally first and describe the "
        "change, with numbers when it is about performance.",
    ),
    (
        "Installation",
        "Install from PyPI with `pip install`. Wheels are built for Linux, macOS and Windows; "
        "building from source needs a Rust toolchain or a C++17 compiler.",
    ),
    (
        "Serving",
        "The server batches requests continuously. `--max-num-seqs` bounds the batch and "
        "`--gpu-memory-utilization` the share of memory the KV cache may occupy.",
    ),
    (
        "Tokenizer training",
        "Train a BPE model from text files with the trainer; special tokens are added "
        "before merges are learnt so they are never split.",
    ),
    (
        "FAQ",
        "Q: Why is the first call slow? A: Kernels are compiled on first use and cached; this "
        "occured in older releases on every start.",
    ),
)


def md_doc(r: random.Random, n: int) -> Chunk:
    title, body = r.choice(DOC_TOPICS)
    text = f"""## {title} ({n})

{body}

```
{r.choice(("cmake -B build && cmake --build build -j", "pip install -e .", "cargo build --release", "make -j"))}
```
"""
    return Chunk(text, _tags("docs"), f"document {title.lower()}")


def md_quant_claim(r: random.Random, n: int) -> Chunk:
    qt = r.choice(QTYPES)
    text = f"""### {qt} quantization ({n})

`{qt}` trades a little perplexity for a much smaller file. Use it when memory is the constraint;
prefer Q8_0 when quality matters more than size. Perplexity numbers are in the table above.
"""
    return Chunk(text, _tags("docs"), f"explain {qt} quantization trade-offs")


def ci_yaml(r: random.Random, n: int) -> Chunk:
    job = r.choice(("ubuntu-cuda", "macos-metal", "windows-msvc", "lint", "rust-stable", "python-3.12"))
    text = f"""  {job}-{n}:
    runs-on: {"macos-14" if "macos" in job else ("windows-latest" if "windows" in job else "ubuntu-22.04")}
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: {r.choice(("cmake -B build && cmake --build build", "cargo test --workspace", "pip install -e .[dev] && pytest -x"))}
      - name: Test
        run: ctest --test-dir build --output-on-failure
"""
    return Chunk(text, _tags("ci"), f"ci: add {job} job")
