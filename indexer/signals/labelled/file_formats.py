"""Labelled cases for the file_formats detector (GGUF, safetensors, npy/pickle, ONNX, burnpack readers and writers)."""

from indexer.signals.labelled import commit_case, neg, pos

F = "file_formats"
CASES = [
    pos(
        F,
        "src/gguf.cpp",
        """
        struct gguf_header_reader {
            bool read_magic(FILE * file) const {
                char magic[4];
                if (fread(magic, 1, sizeof(magic), file) != sizeof(magic)) {
                    return false;
                }
                return memcmp(magic, GGUF_MAGIC, 4) == 0;
            }
        };
    """,
        "GGUF magic read in C++",
    ),
    pos(
        F,
        "ggml/src/ggml.c",
        """
        static bool gguf_fwrite_str(FILE * file, const struct gguf_str * val) {
            size_t n = fwrite(&val->n, sizeof(val->n), 1, file);
            n += fwrite(val->data, 1, val->n, file);
            return n == val->n + 1;
        }
    """,
        "GGUF string writer defined in ggml.c",
    ),
    pos(
        F,
        "bindings/python/py_src/safetensors/torch.py",
        """
        def _tobytes(tensor: torch.Tensor, name: str) -> bytes:
            if sys.byteorder == "big":
                npdtype = _NP_TYPES[tensor.dtype]
                data = np.ctypeslib.as_array(ptr, (total_bytes,)).view(npdtype).byteswap(inplace=False)
                return data.tobytes()
    """,
        "safetensors byte conversion with byte order",
    ),
    pos(
        F,
        "candle-core/src/safetensors.rs",
        """
        fn convert_slice<T: WithDType>(data: &[u8], shape: &[usize], device: &Device) -> Result<Tensor> {
            let size_in_bytes = T::DTYPE.size_in_bytes();
            let elem_count = data.len() / size_in_bytes;
            if (data.as_ptr() as usize).is_multiple_of(size_in_bytes) {
                let data: &[T] = unsafe { std::slice::from_raw_parts(data.as_ptr() as *const T, elem_count) };
                Tensor::from_slice(data, shape, device)
            }
        }
    """,
        "safetensors slice conversion in a safetensors file",
    ),
    pos(
        F,
        "crates/tensorkit/src/npy.rs",
        """
        const NPY_MAGIC_STRING: &[u8] = b"\\x93NUMPY";

        fn read_npy_header<R: std::io::Read>(reader: &mut R) -> Result<String> {
            let mut magic = [0u8; 6];
            reader.read_exact(&mut magic)?;
            let header_len = reader.read_u16::<LittleEndian>()?;
            Ok(header)
        }
    """,
        "npy header reader",
    ),
    pos(
        F,
        "tinynn/state.py",
        """
        def safe_load_header(t: bytes) -> tuple[int, dict]:
            n = int.from_bytes(t[0:8], "little")
            header = json.loads(t[8 : 8 + n].decode("utf-8"))
            return 8 + n, header
    """,
        "safetensors header parse in Python",
    ),
    pos(
        F,
        "tinynn/checkpoint.py",
        """
        def torch_load(fn: str) -> dict:
            with open(fn, "rb") as f:
                magic = struct.unpack("<Q", f.read(8))[0]
                protocol = struct.unpack("<i", f.read(4))[0]
                return TorchUnpickler(f).load()
    """,
        "PyTorch legacy checkpoint reader",
    ),
    pos(
        F,
        "crates/burn-pack/src/writer.rs",
        """
        impl PackWriter {
            pub fn write_header<W: Write>(&self, out: &mut W) -> Result<(), Error> {
                out.write_all(&MAGIC_NUMBER.to_le_bytes())?;
                out.write_all(&FORMAT_VERSION.to_le_bytes())?;
                let metadata = self.encode_metadata()?;
                out.write_all(&(metadata.len() as u32).to_le_bytes())?;
                Ok(())
            }
        }
    """,
        "burnpack header writer",
    ),
    pos(
        F,
        "crates/onnx-ir/src/proto_conversion.rs",
        """
        fn tensor_data_from_proto(tensor: &TensorProto) -> Result<TensorData, ParseError> {
            let raw = &tensor.raw_data;
            let values: Vec<f32> = raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
            Ok(TensorData::new(values, shape))
        }
    """,
        "ONNX TensorProto raw data decode",
    ),
    pos(
        F,
        "candle-core/src/pickle.rs",
        """
        pub enum OpCode {
            Proto = 0x80,
            Global = b'c',
            BinPersId = b'Q',
            EmptyDict = b'}',
        }

        impl Stack {
            pub fn read_loop<R: BufRead>(&mut self, r: &mut R) -> Result<()> {
                let op_code = r.read_u8()?;
                match OpCode::try_from(op_code) {
    """,
        "pickle opcode reader",
    ),
    pos(
        F,
        "mlx/io/gguf.cpp",
        """
        std::unordered_map<std::string, array> load_arrays(gguf_ctx* ctx) {
          std::unordered_map<std::string, array> array_map;
          gguf_tensor tensor;
          while (gguf_get_tensor(ctx, &tensor)) {
            array_map.insert({name, extract_tensor_data(&tensor)});
          }
        }
    """,
        "GGUF loader in mlx io",
    ),
    pos(
        F,
        "safetensors/src/tensor.rs",
        """
        pub fn serialize_to_file<S: AsRef<str> + Ord + std::fmt::Display, V: View, I: IntoIterator<Item = (S, V)>>(
            data: I,
            data_info: Option<HashMap<String, String>>,
            filename: &Path,
        ) -> Result<(), SafeTensorError> {
            let (PreparedData { n, header_bytes, .. }, tensors) = prepare(data, data_info)?;
            let mut f = std::io::BufWriter::new(std::fs::File::create(filename)?);
            f.write_all(n.to_le_bytes().as_ref())?;
    """,
        "safetensors serialize to file",
    ),
    pos(
        F,
        "gguf-py/gguf/gguf_writer.py",
        """
        class GGUFWriter:
            def write_header_to_file(self) -> None:
                self.fout.write(self._pack("<I", GGUF_MAGIC, skip_pack_prefix=True))
                self.fout.write(self._pack("I", GGUF_VERSION))
                self.fout.write(self._pack("Q", self.ti_data_count))
    """,
        "gguf-py writer header",
    ),
    commit_case(
        F,
        True,
        {"src/gguf.cpp": "    const size_t pad = ctx->alignment - (offset % ctx->alignment);\n    offset += pad;\n"},
        message="gguf : add support for writing tensor data with custom alignment",
        note="a gguf subject on a change to the format's code",
    ),
    commit_case(
        F,
        False,
        {
            "tinygrad/viz/serve.py": (
                "def load_pickle(path: str, default):\n    with open(path, 'rb') as f:\n        return pickle.load(f)\n"
            )
        },
        message="viz: load the pickle path from a string",
        note="pickling Python objects in a viewer",
    ),
    neg(
        F,
        "candle-transformers/src/models/quantized_phi.rs",
        """
        impl ModelWeights {
            pub fn from_gguf<R: std::io::Seek + std::io::Read>(
                ct: gguf_file::Content,
                reader: &mut R,
                device: &Device,
            ) -> Result<Self> {
                let head_count = md_get("phi2.attention.head_count")?.to_u32()? as usize;
    """,
        "a model loading its weights through the GGUF API",
    ),
    neg(
        F,
        "src/models/bpe/serialization.rs",
        """
        impl Serialize for BPE {
            fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
            where
                S: Serializer,
            {
                let mut model = serializer.serialize_struct("BPE", 8)?;
                model.serialize_field("dropout", &self.dropout)?;
    """,
        "tokenizer JSON serialization with serde",
    ),
    neg(
        F,
        "examples/run_llama.py",
        """
        def main(path: str) -> None:
            tensors = {k: v.contiguous() for k, v in model.state_dict().items()}
            save_file(tensors, "model.safetensors")
            print("saved model.safetensors")
    """,
        "a script that calls save_file once",
    ),
    neg(
        F,
        "src/config.rs",
        """
        pub fn load_config(path: &Path) -> Result<Config> {
            let text = std::fs::read_to_string(path)?;
            let config: Config = serde_json::from_str(&text)?;
            Ok(config)
        }
    """,
        "JSON config loading",
    ),
    neg(
        F,
        "tokenizers/src/tokenizer/mod.rs",
        """
        pub fn from_file<P: AsRef<Path>>(file: P) -> Result<Self> {
            let content = read_to_string(file)?;
            let tokenizer = serde_json::from_str(&content)?;
            Ok(tokenizer)
        }
    """,
        "tokenizer.json parsing",
    ),
    neg(
        F,
        "src/llama-model-loader.cpp",
        """
        void llama_model_loader::print_info() const {
            LLAMA_LOG_INFO("%s: file format = %s\\n", __func__, llama_file_version_name(fver));
            LLAMA_LOG_INFO("%s: loaded meta data with %d key-value pairs and %d tensors from %s (version %s)\\n",
                __func__, n_kv, n_tensors, fname.c_str(), llama_file_version_name(fver));
        }
    """,
        "logging the file format",
    ),
    neg(
        F,
        "tests/test_gguf.py",
        """
        def test_gguf_roundtrip(tmp_path):
            writer = GGUFWriter(tmp_path / "x.gguf", "llama")
            writer.write_header_to_file()
            assert struct.unpack("<I", open(tmp_path / "x.gguf", "rb").read(4))[0] == GGUF_MAGIC
    """,
        "a GGUF test",
    ),
    neg(
        F,
        "candle-kernels/src/mmq_gguf/mmq_instance_q4_k.cu",
        """
        template __global__ void mul_mat_q4_K<64, false>(const char * __restrict__ vx, const int * __restrict__ vy,
            float * __restrict__ dst, const int ncols_x, const int nrows_x, const int ncols_y, const int nrows_y);
    """,
        "a quantized kernel under a gguf-named directory",
    ),
    neg(
        F,
        "src/train.py",
        """
        def load_checkpoint(path, model, optimizer):
            state = torch.load(path, map_location="cpu")
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            return state["epoch"]
    """,
        "training resume from a checkpoint",
    ),
    neg(
        F,
        "crates/burn-train/src/metric/store/log.rs",
        """
        fn write_line(&mut self, item: &MetricEntry) {
            let mut file = self.file.lock().unwrap();
            file.write_all(item.serialize().as_bytes()).unwrap();
            file.write_all(b"\\n").unwrap();
        }
    """,
        "a metrics log writer",
    ),
    neg(
        F,
        "src/net/frame.rs",
        """
        pub fn read_frame<R: Read>(r: &mut R) -> io::Result<Frame> {
            let len = r.read_u32::<BigEndian>()? as usize;
            let mut buf = vec![0u8; len];
            r.read_exact(&mut buf)?;
            Ok(Frame { payload: buf })
        }
    """,
        "byte-level I/O of a network protocol, not a model format",
    ),
    neg(
        F,
        "docs/formats.md",
        """
        ## GGUF

        The file starts with the GGUF magic, then the version, the tensor count and the metadata key-values.
    """,
        "documentation of the format",
    ),
    commit_case(
        F,
        False,
        {"README.md": "Load weights from safetensors or GGUF files.\n"},
        message="docs: mention safetensors and gguf loading",
        note="format words in a docs-only commit",
    ),
    neg(
        F,
        "candle-examples/examples/onnx/main.rs",
        """
        pub fn main() -> anyhow::Result<()> {
            let model = candle_onnx::read_file(args.model)?;
            let graph = model.graph.as_ref().unwrap();
            let outputs = candle_onnx::simple_eval(&model, inputs)?;
            Ok(())
        }
    """,
        "an example running an ONNX model",
    ),
]
