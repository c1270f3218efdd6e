"""Labelled cases for the tokenization detector."""

from indexer.signals.labelled import neg, pos

D = "tokenization"
CASES = [
    pos(
        D,
        "tokenizers/src/models/bpe/model.rs",
        """
        pub struct BPE {
            pub(crate) vocab: Vocab,
            pub(crate) merges: MergeMap,
            pub dropout: Option<f32>,
        }
    """,
        "BPE model struct",
    ),
    pos(
        D,
        "tokenizers/src/models/bpe/word.rs",
        """
        impl Word {
            pub(super) fn merge_all(&mut self, merges: &MergeMap, dropout: Option<f32>) {
                let mut queue = BinaryHeap::with_capacity(self.symbols.len());
                while let Some(top) = queue.pop() { self.apply(top); }
            }
        }
    """,
        "BPE merge loop",
    ),
    pos(
        D,
        "tokenizers/src/normalizers/unicode.rs",
        """
        impl Normalizer for NFKC {
            fn normalize(&self, normalized: &mut NormalizedString) -> Result<()> {
                normalized.nfkc();
                Ok(())
            }
        }
    """,
        "normalizer trait impl",
    ),
    pos(
        D,
        "tokenizers/src/pre_tokenizers/byte_level.rs",
        """
        fn bytes_char() -> HashMap<u8, char> {
            bytes_to_unicode()
        }

        impl PreTokenizer for ByteLevel {
            fn pre_tokenize(&self, pretokenized: &mut PreTokenizedString) -> Result<()> { todo!() }
        }
    """,
        "byte-level pre-tokenizer",
    ),
    pos(
        D,
        "tokenizers/src/models/wordpiece/mod.rs",
        """
        pub struct WordPiece {
            vocab: Vocab,
            unk_token: String,
            continuing_subword_prefix: String,
            max_input_chars_per_word: usize,
        }
    """,
        "WordPiece struct",
    ),
    pos(
        D,
        "tokenizers/src/models/unigram/lattice.rs",
        """
        impl Unigram {
            pub fn encode_optimized(&self, sentence: &str) -> Result<Vec<String>> {
                let best = self.viterbi(sentence);
                Ok(best)
            }
        }
    """,
        "unigram impl",
    ),
    pos(
        D,
        "src/llama-vocab.cpp",
        """
        struct llm_tokenizer_bpe : llm_tokenizer {
            llm_tokenizer_bpe(const llama_vocab & vocab) {
                regex_exprs = { "[\\\\p{P}\\\\$\\\\+<=>\\\\^~\\\\|]+" };
            }
            std::vector<std::string> regex_exprs;
        };
    """,
        "llama.cpp BPE tokenizer struct",
    ),
    pos(
        D,
        "src/wordpiece.cpp",
        """
        std::vector<int> WordPieceTokenizer::encode_word(const std::string & word) const {
            std::vector<int> ids;
            size_t start = 0;
            return ids;
        }
    """,
        "C++ WordPiece method",
    ),
    pos(
        D,
        "src/sentencepiece_model.cpp",
        """
        class SentencePieceProcessor {
          public:
            int piece_to_id(const std::string & piece) const;
            std::vector<int> encode(const std::string & text) const;
        };
    """,
        "SentencePiece processor class",
    ),
    pos(
        D,
        "whisper/src/tokenizer.cpp",
        """
        static std::vector<whisper_token> tokenize(const whisper_vocab & vocab, const std::string & text) {
            std::vector<std::string> words;
            return {};
        }
    """,
        "generic tokenize in a tokenizer file",
    ),
    pos(
        D,
        "src/bpe.rs",
        """
        fn get_pairs(word: &[String]) -> HashSet<(String, String)> {
            word.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect()
        }

        fn apply_merges(ranks: &HashMap<(String, String), u32>, word: Vec<String>) -> Vec<String> { word }
    """,
        "BPE helpers",
    ),
    neg(
        D,
        "candle-examples/examples/llama/main.rs",
        """
        fn main() -> Result<()> {
            let tokenizer = Tokenizer::from_file(tokenizer_filename).map_err(E::msg)?;
            let tokens = tokenizer.encode(prompt, true).map_err(E::msg)?.get_ids().to_vec();
            Ok(())
        }
    """,
        "model example using a tokenizer",
    ),
    neg(
        D,
        "src/config/lexer.cpp",
        """
        class Tokenizer {
          public:
            explicit Tokenizer(std::string_view src) : src_(src) {}
            Token next();
        };
    """,
        "config lexer named Tokenizer",
    ),
    neg(
        D,
        "src/models/llama.rs",
        """
        pub struct Config {
            pub hidden_size: usize,
            pub vocab_size: usize,
            pub num_hidden_layers: usize,
        }
    """,
        "vocab_size config field",
    ),
    neg(
        D,
        "src/ops/layer_norm.cpp",
        """
        // Unlike a BPE tokenizer this normalizes activations, not text.
        void layer_norm(const float * x, float * y, int n, float eps) {
            float mean = 0.0f;
            for (int i = 0; i < n; ++i) mean += x[i];
        }
    """,
        "comment naming BPE",
    ),
    neg(
        D,
        "src/git/merge.rs",
        """
        fn merge(base: &Tree, ours: &Tree, theirs: &Tree) -> Result<Tree> {
            three_way(base, ours, theirs)
        }
    """,
        "a merge that is not BPE",
    ),
    neg(
        D,
        "src/server.cpp",
        """
        static std::string format_chat(const llama_model * model, const std::vector<common_chat_msg> & msgs) {
            auto tokens = common_tokenize(ctx, prompt, true, true);
            return "";
        }
    """,
        "server calling tokenize",
    ),
    neg(
        D,
        "python/tokenizers/implementations/bert_wordpiece.py",
        """
        class BertWordPieceTokenizer(BaseTokenizer):
            def __init__(self, vocab=None):
                tokenizer = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    """,
        "python wrapper class",
    ),
    neg(
        D,
        "src/backend/batch_norm.rs",
        """
        pub struct BatchNorm {
            running_mean: Tensor,
            running_var: Tensor,
            eps: f64,
        }
    """,
        "normalization layer",
    ),
    neg(
        D,
        "src/loader.rs",
        """
        fn load(path: &Path) -> Result<Weights> {
            let s = std::fs::read_to_string(path)?;
            Ok(serde_json::from_str(&s)?)
        }
    """,
        "weights loader",
    ),
    neg(
        D,
        "src/parse/expr.cpp",
        """
        struct Parser {
            std::vector<Token> tokens;
            size_t pos = 0;
            Expr parse_expr();
        };
    """,
        "expression parser tokens",
    ),
    neg(
        D,
        "candle-metal-kernels/src/mlx_sort.metal",
        """
        template <typename T, int BLOCK_THREADS>
        struct BlockMergeSort {
            static void sort(threadgroup T* tgp_vals, short n, short lid) {}
        };
    """,
        "merge sort kernel (found on real code)",
    ),
    neg(
        D,
        "candle-core/src/nditer.rs",
        """
        #[test]
        fn rank2_contiguous_merges_to_one_block() {
            let it = NdIter::new(&[4, 8], &[8, 1]);
            assert_eq!(it.blocks(), 1);
        }
    """,
        "iterator dims merging (found on real code)",
    ),
    neg(
        D,
        "candle-examples/src/token_output_stream.rs",
        """
        impl TokenOutputStream {
            pub fn tokenizer(&self) -> &tokenizers::Tokenizer {
                &self.tokenizer
            }
        }
    """,
        "accessor for a tokenizer (found on real code)",
    ),
]
