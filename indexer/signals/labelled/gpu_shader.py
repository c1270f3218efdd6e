"""Labelled cases for the gpu_shader detector."""

from indexer.signals.labelled import neg, pos

D = "gpu_shader"
CASES = [
    pos(
        D,
        "src/vulkan-shaders/add.comp",
        """
        #version 450
        layout(local_size_x = 512, local_size_y = 1, local_size_z = 1) in;
        layout (binding = 0) readonly buffer A {float data_a[];};
        void main() {
            const uint i = gl_GlobalInvocationID.x;
            data_d[i] = data_a[i] + data_b[i];
        }
    """,
        "vulkan compute glsl",
    ),
    pos(
        D,
        "src/vulkan-shaders/soft_max.comp",
        """
        shared float vals[BLOCK_SIZE];
        vals[tid] = max_val;
        barrier();
    """,
        "glsl shared memory",
    ),
    pos(
        D,
        "src/vulkan-shaders/mul_mm_cm2.comp",
        """
        #extension GL_KHR_cooperative_matrix : enable
        coopmat<float16_t, gl_ScopeSubgroup, 16, 16, gl_MatrixUseA> ma;
        coopMatLoad(ma, buf_a, pos_a, stride_a, gl_CooperativeMatrixLayoutRowMajor);
    """,
        "cooperative matrix",
    ),
    pos(
        D,
        "src/shaders/matmul.wgsl",
        """
        @group(0) @binding(0) var<storage, read_write> out: array<f32>;
        @compute @workgroup_size(64)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
            out[gid.x] = lhs[gid.x] * rhs[gid.x];
        }
    """,
        "wgsl compute",
    ),
    pos(
        D,
        "src/shaders/reduce.wgsl",
        """
        var<workgroup> partial: array<f32, 256>;
        partial[lid.x] = v;
        workgroupBarrier();
    """,
        "wgsl workgroup memory",
    ),
    pos(
        D,
        "src/kernels/add.cl",
        """
        __kernel void kernel_add(__global const float * a, __global const float * b, __global float * c) {
            const int i = get_global_id(0);
            c[i] = a[i] + b[i];
        }
    """,
        "opencl kernel",
    ),
    pos(
        D,
        "src/kernels/norm.cl",
        """
        __local float sum[256];
        sum[get_local_id(0)] = acc;
        barrier(CLK_LOCAL_MEM_FENCE);
    """,
        "opencl local memory",
    ),
    pos(
        D,
        "src/ggml-sycl/norm.cpp",
        """
        stream->parallel_for(
            sycl::nd_range<3>(global_dims * block_dims, block_dims),
            [=](sycl::nd_item<3> item_ct1) { norm_f32(x, dst, ncols, eps, item_ct1); });
    """,
        "sycl nd_range",
    ),
    pos(
        D,
        "crates/burn-cubecl/src/kernel/add.rs",
        """
        #[cube(launch)]
        fn add_kernel<F: Float>(lhs: &Tensor<F>, rhs: &Tensor<F>, out: &mut Tensor<F>) {
            out[ABSOLUTE_POS] = lhs[ABSOLUTE_POS] + rhs[ABSOLUTE_POS];
        }
    """,
        "cubecl kernel",
    ),
    pos(
        D,
        "src/wgpu_backend.rs",
        """
        let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: None, timestamp_writes: None });
        pass.set_pipeline(&pipeline);
        pass.dispatch_workgroups(groups_x, 1, 1);
    """,
        "wgpu dispatch",
    ),
    pos(
        D,
        "src/ggml-vulkan.cpp",
        """
        vkCmdPushConstants(cmd, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(pc), &pc);
        vkCmdDispatch(cmd, groups_x, groups_y, groups_z);
    """,
        "vulkan host dispatch",
    ),
    neg(
        D,
        "src/shaders/blit.frag",
        """
        #version 450
        layout(location = 0) in vec2 uv;
        layout(location = 0) out vec4 color;
        layout(binding = 0) uniform sampler2D tex;
        void main() { color = texture(tex, uv); }
    """,
        "fragment shader",
    ),
    neg(
        D,
        "src/shaders/quad.wgsl",
        """
        @vertex
        fn vs_main(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {
            return vec4<f32>(0.0, 0.0, 0.0, 1.0);
        }
    """,
        "wgsl vertex shader",
    ),
    neg(
        D,
        "src/shaders/add.comp",
        """
        // layout(local_size_x = 64) in;  -- port from the CUDA kernel
        // gl_GlobalInvocationID.x
        #version 450
    """,
        "compute words in comments",
    ),
    neg(
        D,
        "src/backend.cpp",
        """
        // TODO: OpenCL backend: __kernel void add(...), get_global_id(0)
        bool has_opencl = false;
    """,
        "opencl in a comment",
    ),
    neg(
        D,
        "src/info.rs",
        """
        println!("backend: wgpu (vulkan), workgroup size 64");
        let name = "sycl::queue";
    """,
        "shader words in strings",
    ),
    neg(
        D,
        "docs/vulkan.md",
        """
        Compute shaders use `layout(local_size_x = 64) in;` and `gl_GlobalInvocationID`.
    """,
        "docs",
    ),
    neg(
        D,
        "scripts/gen_shaders.py",
        """
        for name in SHADERS:
            subprocess.run(["glslc", "-fshader-stage=compute", f"{name}.comp", "-o", f"{name}.spv"])
    """,
        "python shader build script",
    ),
    neg(
        D,
        "src/sched.cpp",
        """
        std::queue<Task> queue;
        size_t range = end - begin;
        parallel_for(0, n, [&](int i) { work(i); });
    """,
        "parallel_for without sycl",
    ),
    neg(
        D,
        "src/kernels/util.cl",
        """
        inline float gelu(float x) {
            return 0.5f * x * (1.0f + tanh(0.7978845608f * (x + 0.044715f * x * x * x)));
        }
    """,
        "opencl helper without kernel features",
    ),
    neg(
        D,
        "src/device.rs",
        """
        let device = WgpuDevice::default();
        let t = Tensor::<Wgpu, 2>::ones([2, 3], &device);
    """,
        "using the wgpu backend from model code",
    ),
]
