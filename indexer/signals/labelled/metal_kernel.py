"""Labelled cases for the metal_kernel detector."""

from indexer.signals.labelled import neg, pos

D = "metal_kernel"
CASES = [
    pos(
        D,
        "src/ggml-metal.metal",
        """
        kernel void kernel_add(
                device const float * src0,
                device const float * src1,
                device       float * dst,
                uint tpig[[thread_position_in_grid]]) {
            dst[tpig] = src0[tpig] + src1[tpig];
        }
    """,
        "metal kernel",
    ),
    pos(
        D,
        "src/reduce.metal",
        """
        float sum = simd_sum(partial);
        if (tiisg == 0) {
            shmem[sgitg] = sum;
        }
        threadgroup_barrier(mem_flags::mem_threadgroup);
    """,
        "simd_sum and threadgroup barrier",
    ),
    pos(
        D,
        "candle-metal-kernels/src/reduce.metal",
        """
        template <typename T>
        METAL_FUNC void block_reduce(threadgroup T * shared, uint tid) {
            threadgroup float acc[32];
            acc[tid] = shared[tid];
        }
    """,
        "threadgroup memory",
    ),
    pos(
        D,
        "src/mul_mm.metal",
        """
        simdgroup_float8x8 ma[4];
        simdgroup_float8x8 mb[2];
        simdgroup_load(ma[0], sa, 8);
        simdgroup_multiply_accumulate(mc[0], mb[0], ma[0], mc[0]);
    """,
        "simdgroup matrices",
    ),
    pos(
        D,
        "src/instances.metal",
        """
        template [[host_name("kernel_mul_mv_q4_0_f32")]] kernel mul_mv_q_t kernel_mul_mv_q4_0_f32_impl<block_q4_0>;
        template [[host_name("kernel_mul_mv_q8_0_f32")]] kernel mul_mv_q_t kernel_mul_mv_q8_0_f32_impl<block_q8_0>;
    """,
        "host_name instantiations",
    ),
    pos(
        D,
        "candle-metal-kernels/src/lib.rs",
        """
        let encoder = command_buffer.new_compute_command_encoder();
        encoder.set_compute_pipeline_state(&pipeline);
        set_params!(encoder, (length, input, output));
        encoder.dispatch_thread_groups(thread_group_count, thread_group_size);
    """,
        "rust metal dispatch",
    ),
    pos(
        D,
        "mlx/backend/metal/copy.cpp",
        """
        auto& compute_encoder = d.get_command_encoder(s.index);
        compute_encoder.set_compute_pipeline_state(kernel);
        MTL::Size grid_dims = MTL::Size(nthreads, 1, 1);
        compute_encoder.dispatch_threads(grid_dims, group_dims);
    """,
        "mlx host dispatch",
    ),
    pos(
        D,
        "src/shuffle.metal",
        """
        float v = simd_shuffle_down(x, 1);
        float m = simd_max(v);
        uint lane = thread_index_in_simdgroup;
    """,
        "simd shuffle",
    ),
    pos(
        D,
        "src/argmax.metal",
        """
        [[kernel]] void argmax_f32(device const float * x [[buffer(0)]], device int * out [[buffer(1)]],
                                   uint tid [[thread_position_in_threadgroup]]) {
            out[0] = 0;
        }
    """,
        "[[kernel]] attribute",
    ),
    pos(
        D,
        "src/metal/MetalContext.mm",
        """
        id<MTLComputePipelineState> pso = [device newComputePipelineStateWithFunction:fn error:&err];
        [encoder setComputePipelineState:pso];
        [encoder dispatchThreadgroups:MTLSizeMake(n, 1, 1) threadsPerThreadgroup:MTLSizeMake(32, 1, 1)];
    """,
        "objc host dispatch",
    ),
    neg(
        D,
        "src/cpu.cpp",
        """
        // TODO: port this to a Metal kernel with threadgroup memory
        void add(const float * a, const float * b, float * y, int n) { for (int i = 0; i < n; ++i) y[i] = a[i] + b[i]; }
    """,
        "metal in a comment",
    ),
    neg(
        D,
        "src/device.rs",
        """
        let device = Device::new_metal(0)?;
        let t = Tensor::zeros((2, 3), DType::F32, &device)?;
    """,
        "rust selecting a metal device",
    ),
    neg(
        D,
        "docs/metal.md",
        """
        Metal kernels are written as `kernel void f(...)` and use `threadgroup_barrier`.
    """,
        "docs",
    ),
    neg(
        D,
        "src/kernel.cpp",
        """
        void kernel(int n) { run(n); }
        int threadgroup_size = 32;
    """,
        "function named kernel in c++",
    ),
    neg(
        D,
        "scripts/metal.py",
        """
        import mlx.core as mx
        y = mx.fast.metal_kernel(name="add", input_names=["a"], output_names=["y"], source=src)
    """,
        "python calling a metal kernel",
    ),
    neg(
        D,
        "src/name.metal",
        """
        // kernel void old_add(device float * x) { }
        constant float PI = 3.14159f;
    """,
        "commented-out kernel",
    ),
    neg(
        D,
        "src/sched.cpp",
        """
        int simd_width = 8;
        bool use_simd = simd_width > 1;
    """,
        "simd words",
    ),
    neg(
        D,
        "src/log.cpp",
        """
        printf("metal: threadgroup_barrier in kernel %s\\n", name);
    """,
        "metal words in a string",
    ),
    neg(
        D,
        "src/graphics.mm",
        """
        id<MTLRenderPipelineState> rps = [device newRenderPipelineStateWithDescriptor:desc error:&err];
        [renderEncoder drawPrimitives:MTLPrimitiveTypeTriangle vertexStart:0 vertexCount:3];
    """,
        "metal render pipeline",
    ),
    neg(
        D,
        "src/shader.glsl",
        """
        #version 450
        layout(location = 0) out vec4 color;
        void main() { color = vec4(1.0); }
    """,
        "glsl fragment shader",
    ),
]
